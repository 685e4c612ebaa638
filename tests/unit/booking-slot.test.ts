import { describe, expect, it } from "vitest";
import { slotFields, slotValue } from "../../app/lib/booking-slot";

// A room-grid cell's button posts its room and times as one value (one form serves the whole grid).
describe("a room-grid slot value", () => {
  it("carries the room and the two instants, and gives them back", () => {
    const value = slotValue("6d91faff-51d7-44eb-bad3-9947ac305926", "2026-12-02T08:00:00+07:00", "2026-12-02T09:00:00+07:00");
    expect(slotFields(value)).toEqual({
      resourceId: "6d91faff-51d7-44eb-bad3-9947ac305926",
      start: "2026-12-02T08:00:00+07:00",
      end: "2026-12-02T09:00:00+07:00",
    });
  });

  it("gives nothing for anything but three words (the booking schema then says what is missing)", () => {
    expect(slotFields(undefined)).toEqual({});
    expect(slotFields("")).toEqual({});
    expect(slotFields("room 2026-12-02T08:00:00+07:00")).toEqual({});
    expect(slotFields("a b c d")).toEqual({});
  });
});
