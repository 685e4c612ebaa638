import { describe, expect, it } from "vitest";
import { checkUrl, classifyAddress, isPrivateAddress, pinnedLookup, resolveTarget } from "../../server/domain/messaging/ssrf.js";

const strict = { allowPrivate: false };

describe("ssrf: address classes", () => {
  it.each([
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.254", "shared"],
    ["127.0.0.1", "loopback"],
    ["127.53.1.9", "loopback"],
    ["169.254.169.254", "link_local"],
    ["169.254.0.1", "link_local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["192.0.0.192", "reserved"],
    ["192.0.2.10", "reserved"],
    ["198.18.0.1", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.9", "reserved"],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link_local"],
    ["::ffff:a9fe:a9fe", "link_local"],
    ["::ffff:10.1.2.3", "private"],
    ["::127.0.0.1", "loopback"],
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::192.168.0.1", "private"],
    ["2002:7f00:1::", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["fc00::1", "unique_local"],
    ["fd00:ec2::254", "unique_local"],
    ["fdff:ffff::1", "unique_local"],
    ["fe80::1", "link_local"],
    ["FE80::abcd%eth0", "link_local"],
    ["febf::1", "link_local"],
    ["fec0::1", "reserved"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["100::1", "reserved"],
  ])("%s is %s", (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "169.253.255.255", "223.255.255.255", "2001:4860:4860::8888", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "fbff::1", "fe7f::1"])(
    "%s is public",
    (address) => {
      expect(classifyAddress(address)).toBeNull();
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it("text that is no address is refused, not passed", () => {
    expect(classifyAddress("example.com")).toBe("invalid");
    expect(classifyAddress("1.2.3")).toBe("invalid");
    expect(isPrivateAddress("")).toBe(true);
  });
});

describe("ssrf: URL rules", () => {
  it.each([
    ["http://127.0.0.1/x", "loopback"],
    ["http://169.254.169.254/latest/meta-data/", "link_local"],
    ["http://2130706433/", "loopback"], // decimal
    ["http://0x7f000001/", "loopback"], // hex
    ["http://0177.0.0.1/", "loopback"], // octal
    ["http://0x7f.1/", "loopback"], // short hex form
    ["http://127.1/", "loopback"], // short form
    ["http://017700000001/", "loopback"], // octal, one number
    ["http://0/", "unspecified"],
    ["http://[::1]:8080/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[::ffff:a9fe:a9fe]/", "link_local"],
    ["https://[fd00:ec2::254]/", "unique_local"],
    ["https://[fe80::1]/", "link_local"],
    ["http://10.0.0.5/hook", "private"],
    ["http://100.100.100.200/", "shared"],
    ["http://192.168.0.1./", "private"],
  ])("%s is refused (%s)", (raw, cls) => {
    const r = checkUrl(raw, strict);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.reason).toBe("private_address");
      expect(r.problem.reason === "private_address" && r.problem.class).toBe(cls);
    }
    expect(checkUrl(raw, { allowPrivate: true }).ok).toBe(true);
  });

  it.each(["ftp://example.com/", "file:///etc/passwd", "gopher://x/", "https://user:pw@example.com/", "https://user@example.com/", "not a url", "javascript:alert(1)", "https://", "http://exa mple.com/"])(
    "%s is not a webhook URL",
    (raw) => {
      const r = checkUrl(raw, { allowPrivate: true });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.reason).toBe("webhook_url");
    },
  );

  it("public literals and names pass the offline check", () => {
    expect(checkUrl("https://8.8.8.8/hook", strict).ok).toBe(true);
    expect(checkUrl("https://hooks.example.com/in?x=1", strict).ok).toBe(true);
    expect(checkUrl("http://[2606:4700::1111]/", strict).ok).toBe(true);
  });
});

describe("ssrf: after resolution", () => {
  const fake = (answers: string[]) => async () => answers.map((address) => ({ address, family: (address.includes(":") ? 6 : 4) as 4 | 6 }));

  it("refuses a name when any of its addresses is private", async () => {
    const url = new URL("https://rebind.example/");
    const r = await resolveTarget(url, { ...strict, resolve: fake(["93.184.216.34", "10.0.0.7"]) });
    expect(r).toMatchObject({ ok: false, problem: { reason: "private_address", address: "10.0.0.7", host: "rebind.example" } });
    const v6 = await resolveTarget(url, { ...strict, resolve: fake(["2606:2800::1", "::ffff:127.0.0.1"]) });
    expect(v6).toMatchObject({ ok: false, problem: { reason: "private_address", class: "loopback" } });
  });

  it("passes a name whose every address is public, and anything with allowPrivate", async () => {
    const url = new URL("https://ok.example/");
    expect(await resolveTarget(url, { ...strict, resolve: fake(["93.184.216.34", "2606:2800::1"]) })).toEqual({
      ok: true,
      addresses: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800::1", family: 6 },
      ],
    });
    expect((await resolveTarget(url, { allowPrivate: true, resolve: fake(["127.0.0.1"]) })).ok).toBe(true);
  });

  it("a name with no address is refused; localhost resolves to loopback and is refused", async () => {
    expect(await resolveTarget(new URL("https://none.example/"), { ...strict, resolve: fake([]) })).toMatchObject({ ok: false, problem: { reason: "webhook_url" } });
    expect(await resolveTarget(new URL("http://localhost:9/"), strict)).toMatchObject({ ok: false, problem: { reason: "private_address", class: "loopback" } });
  });

  it("the pinned lookup answers with the checked address, in both calling styles", async () => {
    const lookup = pinnedLookup({ address: "93.184.216.34", family: 4 });
    const one = await new Promise((resolve) => lookup("evil.example", {}, (err, address, family) => resolve([err, address, family])));
    expect(one).toEqual([null, "93.184.216.34", 4]);
    const all = await new Promise((resolve) => lookup("evil.example", { all: true }, (err, addresses) => resolve([err, addresses])));
    expect(all).toEqual([null, [{ address: "93.184.216.34", family: 4 }]]);
  });
});
