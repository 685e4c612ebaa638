import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { DB } from "./connect.js";
import type { ResourceKind, Role } from "./schema.js";

/**
 * Demo data for a fresh install: two spaces with floor plans, ~30 UMKM members whose offers and needs
 * complement one another, and a few projects. Deliberate features of the network, relied on by demos and tests:
 *  - clear complementary pairs, e.g. Bayu ⇄ Fajar (product photography ⇄ web development)
 *    and Ani ⇄ Maya (pembukuan ⇄ copywriting);
 *  - gaps: "halal certification" (needed by the food makers) and "export licensing" are offered by nobody;
 *  - an offer nobody needs: "drone footage".
 */

export const DEMO_PASSWORD = "jejaring-demo";

type Login = { email: string; name: string; role: Role };

// ---------------------------------------------------------------- spaces

type SeedResource = {
  name: string;
  kind: ResourceKind;
  zone?: string;
  x: number;
  y: number;
  capacity?: number;
  amenities?: string[];
};

/** A block of desks named `Q-01`, `Q-02`, … laid out in rows of `cols`, 100 units apart, from (x0, y0). */
function desks(zone: string, prefix: string, count: number, x0: number, y0: number, cols = 4): SeedResource[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i + 1).padStart(2, "0")}`,
    kind: "desk" as const,
    zone,
    x: x0 + (i % cols) * 100,
    y: y0 + Math.floor(i / cols) * 100,
  }));
}

type Hours = { weekday: number; opens: string; closes: string };
/** The same opening hours on each of `weekdays` (1 = Monday … 7 = Sunday); a day without a row is closed. */
const open = (weekdays: number[], opens: string, closes: string): Hours[] =>
  weekdays.map((weekday) => ({ weekday, opens, closes }));

const SPACES: ReadonlyArray<{
  name: string;
  timezone: string;
  address: string;
  capacity?: number;
  hours: readonly Hours[];
  resources: readonly SeedResource[];
}> = [
  {
    name: "Jejaring Jakarta — Kemang",
    timezone: "Asia/Jakarta",
    address: "Jl. Kemang Raya No. 21, Bangka, Mampang Prapatan, Jakarta Selatan 12730",
    capacity: 40,
    hours: [...open([1, 2, 3, 4, 5], "08:00", "20:00"), ...open([6], "09:00", "17:00")],
    resources: [
      ...desks("Quiet", "Q", 8, 80, 80),
      ...desks("Collab", "C", 8, 80, 340),
      { name: "Ruang Batik", kind: "room", x: 640, y: 120, capacity: 8, amenities: ["tv", "whiteboard", "video call"] },
      { name: "Ruang Kopi", kind: "room", x: 640, y: 320, capacity: 4, amenities: ["tv", "whiteboard"] },
      { name: "Booth 1", kind: "booth", x: 880, y: 500, amenities: ["soundproof"] },
    ],
  },
  {
    name: "Jejaring Makassar — Losari",
    timezone: "Asia/Makassar",
    address: "Jl. Penghibur No. 8, Losari, Ujung Pandang, Makassar, Sulawesi Selatan 90111",
    hours: open([1, 2, 3, 4, 5, 6], "08:00", "18:00"),
    resources: [
      ...desks("Open", "O", 8, 100, 120),
      { name: "Ruang Pinisi", kind: "room", x: 680, y: 160, capacity: 6, amenities: ["tv", "whiteboard"] },
      { name: "Booth 1", kind: "booth", x: 680, y: 420, amenities: ["soundproof"] },
    ],
  },
];

// ---------------------------------------------------------------- members

type SeedMember = {
  email: string;
  name: string;
  role?: Role;
  headline: string;
  bio: string;
  business: string;
  city: string;
  specialties: string[];
  offers: string[];
  needs: string[];
  links?: string[];
  hidden?: true;
};

const d = (local: string) => `${local}@demo.jejaring.id`;

/** Staff first, then members; `member@` leads the members so it is the obvious demo login. */
const MEMBERS: readonly SeedMember[] = [
  {
    email: d("admin"),
    name: "Rina Admin",
    role: "admin",
    headline: "Network manager, Jejaring",
    business: "Jejaring",
    city: "Jakarta",
    bio: "Mengelola jaringan Jejaring dan menghubungkan UMKM lintas kota. Ping me if you need an intro.",
    specialties: ["community building", "umkm mentoring"],
    offers: ["umkm mentoring", "event organizing"],
    needs: ["videography"],
    links: ["https://example.com/jejaring"],
  },
  {
    email: d("operator"),
    name: "Dimas Operator",
    role: "operator",
    headline: "Operator Jejaring Kemang",
    business: "Jejaring Jakarta — Kemang",
    city: "Jakarta",
    bio: "Runs the Kemang space day to day: desks, rooms, and the coffee machine.",
    specialties: ["space operations"],
    offers: ["event organizing", "umkm mentoring"],
    needs: ["interior design", "coffee supply", "snack supply"],
  },
  {
    email: d("operator.mks"),
    name: "Fitri Operator",
    role: "operator",
    headline: "Operator Jejaring Losari",
    business: "Jejaring Makassar — Losari",
    city: "Makassar",
    bio: "Mengurus ruang kerja Jejaring di Pantai Losari dan komunitas UMKM Makassar.",
    specialties: ["space operations"],
    offers: ["event organizing", "umkm mentoring"],
    needs: ["social media"],
  },
  {
    email: d("member"),
    name: "Sari Lestari",
    headline: "Perajin batik tulis Kemang",
    business: "Batik Sari Kemang",
    city: "Jakarta",
    bio: "Membuat batik tulis dengan pewarna alam sejak 2015. Looking for help to sell online.",
    specialties: ["batik", "batik tulis"],
    offers: ["batik", "natural dyeing"],
    needs: ["product photography", "digital marketing"],
    links: ["https://example.com/batiksari", "https://instagram.example.com/batiksari"],
  },
  {
    email: d("bayu"),
    name: "Bayu Pratama",
    headline: "Product photographer for UMKM",
    business: "Bayu Visual Studio",
    city: "Jakarta",
    bio: "Jasa fotografi produk untuk marketplace dan katalog. Butuh website portofolio dan pembukuan yang rapi.",
    specialties: ["product photography", "fotografi produk", "videography"],
    offers: ["product photography", "videography"],
    needs: ["web development", "pembukuan"],
    links: ["https://example.com/bayuvisual"],
  },
  {
    email: d("fajar"),
    name: "Fajar Nugroho",
    headline: "Web developer, toko online UMKM",
    business: "Kode Rakyat",
    city: "Bandung",
    bio: "Membangun toko online dan landing page untuk UMKM. Good photos make or break a shop.",
    specialties: ["web development"],
    offers: ["web development", "online store setup"],
    needs: ["product photography", "copywriting"],
    links: ["https://example.org/koderakyat"],
  },
  {
    email: d("ani"),
    name: "Ani Susanti",
    headline: "Pembukuan & laporan keuangan UMKM",
    business: "Pembukuan Rapi",
    city: "Jakarta",
    bio: "Bookkeeping and simple financial reports for small businesses. Saya butuh copywriter untuk kelas online.",
    specialties: ["accounting", "pembukuan"],
    offers: ["pembukuan", "tax consulting"],
    needs: ["copywriting", "web development"],
  },
  {
    email: d("maya"),
    name: "Maya Anggraini",
    headline: "Copywriter bilingual",
    business: "Kata Maya",
    city: "Yogyakarta",
    bio: "Menulis caption, deskripsi produk, dan company profile dalam dua bahasa. My own books are a mess, though.",
    specialties: ["copywriting"],
    offers: ["copywriting", "social media"],
    needs: ["pembukuan", "branding"],
    links: ["https://example.net/katamaya"],
  },
  {
    email: d("dewi"),
    name: "Dewi Kartika",
    headline: "Packaging & brand designer",
    business: "Kemas Studio",
    city: "Bandung",
    bio: "Desain kemasan yang siap cetak dan lolos kurasi ritel. Need help marketing the studio itself.",
    specialties: ["packaging design", "branding"],
    offers: ["packaging design", "branding"],
    needs: ["digital marketing", "pembukuan", "trademark registration"],
    links: ["https://example.com/kemasstudio"],
  },
  {
    email: d("eko"),
    name: "Eko Saputra",
    headline: "Desainer grafis & label produk",
    business: "Eko Grafis",
    city: "Surabaya",
    bio: "Labels, logos and packaging for food producers across Jawa Timur.",
    specialties: ["graphic design", "packaging design"],
    offers: ["packaging design", "branding"],
    needs: ["tax consulting", "ekspedisi"],
  },
  {
    email: d("yosef"),
    name: "Yosef Rante",
    headline: "Roaster kopi Toraja",
    business: "Kopi Toraja Rante",
    city: "Makassar",
    bio: "Single-origin Toraja coffee, roasted in small batches. Kami perlu kemasan baru, sertifikat halal, dan izin ekspor.",
    specialties: ["coffee roasting"],
    offers: ["coffee supply"],
    needs: ["packaging design", "halal certification", "export licensing", "digital marketing"],
    links: ["https://example.com/kopitoraja"],
  },
  {
    email: d("agus"),
    name: "Agus Setiawan",
    headline: "Coffee roaster, Priangan beans",
    business: "Sangrai Priangan",
    city: "Bandung",
    bio: "Menyangrai kopi Java Preanger untuk kafe dan kantor. Looking for a proper web shop.",
    specialties: ["coffee roasting"],
    offers: ["coffee supply"],
    needs: ["packaging design", "online store setup"],
  },
  {
    email: d("rizky"),
    name: "Rizky Ramadhan",
    headline: "Digital marketing & marketplace ads",
    business: "Naik Kelas Digital",
    city: "Jakarta",
    bio: "Iklan marketplace dan media sosial untuk UMKM. I need video content for clients.",
    specialties: ["digital marketing", "marketplace ads"],
    offers: ["digital marketing", "social media"],
    needs: ["videography", "copywriting"],
    links: ["https://example.com/naikkelas"],
  },
  {
    email: d("putri"),
    name: "Putri Maharani",
    headline: "Social media manager",
    business: "Konten Putri",
    city: "Jakarta",
    bio: "Content calendars, Reels, and product flat lays. Perlu bantuan pembukuan dan NIB.",
    specialties: ["social media", "content creation"],
    offers: ["social media", "digital marketing", "product photography", "copywriting"],
    needs: ["pembukuan", "perizinan"],
  },
  {
    email: d("nadia"),
    name: "Nadia Safitri",
    headline: "Videografer & drone pilot",
    business: "Losari Films",
    city: "Makassar",
    bio: "Video profil usaha, reels produk, dan footage drone. Need someone to help with taxes.",
    specialties: ["videography", "product photography"],
    offers: ["videography", "product photography", "drone footage"],
    needs: ["digital marketing", "tax consulting"],
    links: ["https://example.com/losarifilms"],
  },
  {
    email: d("joko"),
    name: "Joko Susilo",
    headline: "Ekspedisi & gudang UMKM",
    business: "Kirim Cepat Logistik",
    city: "Surabaya",
    bio: "Pengiriman antar pulau dan gudang kecil untuk UMKM. We need a tracking page on our website.",
    specialties: ["logistics", "ekspedisi"],
    offers: ["ekspedisi", "warehousing"],
    needs: ["web development", "pembukuan"],
  },
  {
    email: d("kurniawan"),
    name: "Kurniawan Hadi",
    headline: "Export trading, kerajinan & kopi",
    business: "Nusantara Trade Partner",
    city: "Surabaya",
    bio: "Connects craft makers with buyers abroad and is sourcing tenun. Butuh copywriter dan gudang transit.",
    specialties: ["export"],
    offers: ["export buyer matching", "ekspedisi"],
    needs: ["copywriting", "tenun", "warehousing"],
  },
  {
    email: d("yusuf"),
    name: "Yusuf Hidayat",
    headline: "Konsultan perizinan NIB, PIRT, merek",
    business: "Izin Mudah",
    city: "Jakarta",
    bio: "Mengurus NIB, PIRT, dan pendaftaran merek untuk UMKM. Our own marketing needs work.",
    specialties: ["legal", "perizinan"],
    offers: ["perizinan", "trademark registration"],
    needs: ["digital marketing", "web development"],
  },
  {
    email: d("hendra"),
    name: "Hendra Gunawan",
    headline: "Konsultan pajak UMKM",
    business: "Hendra Tax & Co",
    city: "Surabaya",
    bio: "Tax filing and PPh Final for small businesses. Saya juga bantu urus izin usaha.",
    specialties: ["tax consulting", "accounting"],
    offers: ["tax consulting", "pembukuan", "perizinan"],
    needs: ["copywriting", "social media"],
  },
  {
    email: d("wahyu"),
    name: "Wahyu Firmansyah",
    headline: "Interior designer, retail & cafe",
    business: "Ruang Wahyu Interior",
    city: "Jakarta",
    bio: "Designs cafes and shops with local materials. Selalu cari batik dan anyaman untuk proyek interior.",
    specialties: ["interior design"],
    offers: ["interior design", "booth design"],
    needs: ["batik", "anyaman", "rotan furniture"],
    links: ["https://example.com/ruangwahyu"],
  },
  {
    email: d("intan"),
    name: "Intan Permata",
    headline: "Kerajinan rotan Cirebon",
    business: "Rotan Intan",
    city: "Cirebon",
    bio: "Furnitur dan kerajinan rotan untuk hotel dan kafe. Ready to ship abroad, need buyers.",
    specialties: ["craft", "rotan"],
    offers: ["anyaman", "rotan furniture"],
    needs: ["export buyer matching", "product photography", "ekspedisi"],
  },
  {
    email: d("laras"),
    name: "Laras Ayuningtyas",
    headline: "Anyaman pandan & bambu",
    business: "Anyam Laras",
    city: "Yogyakarta",
    bio: "Handwoven pandan bags and boxes from Bantul. Butuh kemasan, media sosial, dan pewarna alam.",
    specialties: ["craft", "anyaman"],
    offers: ["anyaman"],
    needs: ["social media", "packaging design", "natural dyeing"],
  },
  {
    email: d("ratna"),
    name: "Ratna Sari Dewi",
    headline: "Batik cap Yogyakarta",
    business: "Batik Ratna Jogja",
    city: "Yogyakarta",
    bio: "Batik cap dan tulis dari Imogiri. We want our own online store and reliable shipping.",
    specialties: ["batik", "batik cap"],
    offers: ["batik", "natural dyeing"],
    needs: ["online store setup", "ekspedisi"],
  },
  {
    email: d("besse"),
    name: "Besse Nurhayati",
    headline: "Penenun sutera Sengkang",
    business: "Sutera Sengkang",
    city: "Makassar",
    bio: "Tenun sutera Bugis dari Wajo. I need better photos and someone to run our ads.",
    specialties: ["tenun", "sutera"],
    offers: ["tenun", "natural dyeing"],
    needs: ["digital marketing", "product photography", "umkm mentoring", "event organizing"],
  },
  {
    email: d("tuti"),
    name: "Tuti Handayani",
    headline: "Produsen keripik singkong",
    business: "Keripik Tuti",
    city: "Bandung",
    bio: "Keripik singkong pedas untuk oleh-oleh. Want to export, but halal and export paperwork is hard.",
    specialties: ["food production", "keripik"],
    offers: ["snack supply"],
    needs: ["halal certification", "export licensing", "packaging design"],
  },
  {
    email: d("mega"),
    name: "Mega Puspita",
    headline: "Sambal botolan rumahan",
    business: "Sambal Mbok Mega",
    city: "Surabaya",
    bio: "Bottled sambal bawang and sambal roa. Perlu PIRT, sertifikat halal, dan label baru.",
    specialties: ["food production", "sambal"],
    offers: ["sambal supply"],
    needs: ["halal certification", "perizinan", "packaging design"],
    hidden: true,
  },
  {
    email: d("siti"),
    name: "Siti Rahmawati",
    headline: "Catering & snack box kantor",
    business: "Dapur Siti Catering",
    city: "Jakarta",
    bio: "Catering harian dan snack box untuk acara kantor. Looking for good coffee and social media help.",
    specialties: ["catering"],
    offers: ["catering", "snack box"],
    needs: ["halal certification", "social media", "coffee supply", "sambal supply"],
  },
  {
    email: d("rahmat"),
    name: "Rahmat Syamsuddin",
    headline: "Catering khas Makassar",
    business: "Dapur Losari",
    city: "Makassar",
    bio: "Coto, pallubasa, and kue tradisional for events. Butuh sertifikat halal dan pemasaran digital.",
    specialties: ["catering", "kue tradisional"],
    offers: ["catering", "snack box"],
    needs: ["halal certification", "digital marketing", "ekspedisi"],
    hidden: true,
  },
  {
    email: d("gilang"),
    name: "Gilang Prakoso",
    headline: "Web & UI designer",
    business: "Gilang Web Studio",
    city: "Yogyakarta",
    bio: "Websites and online shops for craft businesses. Perlu bantuan copywriting dan pajak.",
    specialties: ["web development", "ui design"],
    offers: ["web development", "online store setup"],
    needs: ["copywriting", "tax consulting"],
    links: ["https://example.org/gilangweb"],
  },
  {
    email: d("dian"),
    name: "Dian Puspitasari",
    headline: "Event organizer pameran UMKM",
    business: "Pameran Dian",
    city: "Jakarta",
    bio: "Menyelenggarakan bazar dan pameran UMKM. Always need caterers, booth designers and a recap video.",
    specialties: ["event organizing"],
    offers: ["event organizing"],
    needs: ["catering", "snack box", "booth design", "videography"],
  },
];

type SeedProject = {
  name: string;
  description: string;
  owner: string;
  members: string[];
  /** The room's chat so far, oldest first: [author, text]. */
  chat?: Array<[string, string]>;
  /** The board: [title, status, assignee?]. */
  tasks?: Array<[string, "todo" | "doing" | "done", string?]>;
};

const PROJECTS: readonly SeedProject[] = [
  {
    name: "Kopi Toraja go online",
    description:
      "Toko online, kemasan baru dan foto produk untuk Kopi Toraja Rante. Target: launch before the holiday season.",
    owner: d("yosef"),
    members: [d("dewi"), d("rizky"), d("bayu"), d("fajar")],
    chat: [
      [d("yosef"), "Selamat pagi tim! Target launch toko online: 15 Desember."],
      [d("fajar"), "Siap. Draft halaman produk sudah di staging: https://example.com/kopi-toraja"],
      [d("bayu"), "Foto produk bisa Kamis pagi, perlu 6 varian kemasan.\nAda yang punya props kayu?"],
      [d("dewi"), "@Bayu aku bawa nampan kayu dan karung goni 👍"],
      [d("yosef"), "Great, let's book the meeting room on Thursday for the shoot review."],
    ],
    tasks: [
      ["Foto 6 varian kemasan", "doing", d("bayu")],
      ["Halaman produk + checkout", "doing", d("fajar")],
      ["Desain label baru", "done", d("dewi")],
      ["Copy deskripsi produk (ID/EN)", "todo"],
      ["Setting ongkir & payment gateway", "todo", d("rizky")],
    ],
  },
  {
    name: "Batik Kemang x Packaging",
    description: "Gift box batik tulis dengan kemasan premium and a product shoot for the catalogue.",
    owner: d("member"),
    members: [d("dewi"), d("bayu")],
    chat: [
      [d("dewi"), "Mockup gift box versi 2 sudah aku upload, cek ya."],
      [d("bayu"), "Nice! For the catalogue shoot I need the final boxes by next week."],
    ],
    tasks: [
      ["Mockup gift box", "done", d("dewi")],
      ["Pilih vendor kertas", "todo"],
      ["Foto katalog", "todo", d("bayu")],
    ],
  },
  {
    name: "Pameran UMKM Desember",
    description: "Year-end UMKM exhibition at Jejaring Kemang: booths, catering, and a recap video.",
    owner: d("dian"),
    members: [d("siti"), d("wahyu"), d("nadia"), d("admin")],
  },
  {
    name: "Sambal & Keripik naik kelas",
    description: "PIRT, label baru, dan persiapan masuk ritel modern untuk produsen makanan ringan.",
    owner: d("mega"),
    members: [d("tuti"), d("yusuf"), d("eko")],
  },
];

// ---------------------------------------------------------------- seeding

/** Inserts the demo network in one transaction. Call only on an empty database (see `isEmpty`). */
export async function seedDemo(db: DB, opts: { passwordHash: string }): Promise<{ logins: Login[] }> {
  const ids = new Map(MEMBERS.map((m) => [m.email, randomUUID()]));
  const idOf = (email: string) => {
    const id = ids.get(email);
    if (!id) throw new Error(`Seed data refers to unknown member ${email}`);
    return id;
  };

  await db.transaction().execute(async (trx) => {
    for (const { hours, resources, ...space } of SPACES) {
      const spaceId = randomUUID();
      await trx
        .insertInto("spaces")
        .values({ id: spaceId, ...space })
        .execute();
      await trx
        .insertInto("opening_hours")
        .values(hours.map((h) => ({ space_id: spaceId, ...h })))
        .execute();
      await trx
        .insertInto("resources")
        .values(resources.map((r) => ({ space_id: spaceId, ...r })))
        .execute();
    }

    await trx
      .insertInto("members")
      .values(
        MEMBERS.map((m) => ({
          id: idOf(m.email),
          email: m.email,
          name: m.name,
          role: m.role ?? "member",
          password_hash: opts.passwordHash,
          locale: null,
        })),
      )
      .execute();
    await trx
      .insertInto("profiles")
      .values(
        MEMBERS.map((m) => ({
          member_id: idOf(m.email),
          headline: m.headline,
          bio: m.bio,
          business_name: m.business,
          city: m.city,
          specialties: m.specialties,
          offers: m.offers,
          needs: m.needs,
          links: m.links ?? [],
          show_presence: !m.hidden,
        })),
      )
      .execute();

    const projects = PROJECTS.map((p) => ({ ...p, id: randomUUID() }));
    await trx
      .insertInto("projects")
      .values(projects.map((p) => ({ id: p.id, name: p.name, description: p.description, created_by: idOf(p.owner) })))
      .execute();
    await trx
      .insertInto("project_members")
      .values(
        projects.flatMap((p) => [
          { project_id: p.id, member_id: idOf(p.owner), role: "owner" as const },
          ...p.members.map((email) => ({ project_id: p.id, member_id: idOf(email), role: "member" as const })),
        ]),
      )
      .execute();

    // Each room's history and board take seqs like live writes do: messages first, then tasks.
    for (const p of projects) {
      const chat = p.chat ?? [];
      const tasks = p.tasks ?? [];
      const start = Date.now() - 2 * 86_400_000;
      if (chat.length) {
        await trx
          .insertInto("messages")
          .values(
            chat.map(([author, body], i) => ({
              project_id: p.id,
              seq: i + 1,
              updated_seq: i + 1,
              author_id: idOf(author),
              client_id: `seed-${i + 1}`,
              body,
              mentions: body.includes("@Bayu") ? [idOf(d("bayu"))] : [],
              created_at: new Date(start + i * 37 * 60_000),
            })),
          )
          .execute();
      }
      if (tasks.length) {
        await trx
          .insertInto("tasks")
          .values(
            tasks.map(([title, status, assignee], i) => ({
              project_id: p.id,
              title,
              status,
              assignee_id: assignee ? idOf(assignee) : null,
              position: i + 1,
              seq: chat.length + i + 1,
              created_by: idOf(p.owner),
              created_at: new Date(start),
              updated_at: new Date(start),
            })),
          )
          .execute();
      }
      const last = chat.length + tasks.length;
      if (last) {
        await trx.updateTable("projects").set({ last_seq: last }).where("id", "=", p.id).execute();
        // The owner has read everything; the others have something waiting.
        await trx
          .updateTable("project_members")
          .set({ last_read_seq: last })
          .where("project_id", "=", p.id)
          .where("member_id", "=", idOf(p.owner))
          .execute();
      }
    }
  });

  return { logins: DEMO_LOGINS };
}

const DEMO_LOGINS: Login[] = [
  ...MEMBERS.filter((m) => m.role === "admin" || m.role === "operator"),
  ...MEMBERS.filter((m) => !m.role || m.role === "member").slice(0, 3),
].map((m) => ({ email: m.email, name: m.name, role: m.role ?? "member" }));

/** The demo logins that exist in this database (printed on every start of a demo install). */
export async function demoLogins(db: DB): Promise<Login[]> {
  const rows = await db
    .selectFrom("members")
    .select("email")
    .where(
      "email",
      "in",
      DEMO_LOGINS.map((l) => l.email),
    )
    .execute();
  const present = new Set(rows.map((r) => r.email));
  return DEMO_LOGINS.filter((l) => present.has(l.email));
}

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db.selectFrom("members").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}

// `npm run db:seed`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { loadConfig } = await import("../server/config.js");
  const { connect } = await import("./connect.js");
  const { migrateToLatest } = await import("./migrate.js");
  const { hashPassword } = await import("../server/domain/identity/password.js");
  const config = loadConfig();
  const conn = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(conn.db);
    if (await isEmpty(conn.db)) {
      const { logins } = await seedDemo(conn.db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
      const lines = logins.map((l) => `  ${l.role.padEnd(8)} ${l.email.padEnd(34)} ${l.name}`);
      process.stdout.write(
        `Seeded the demo network. Log in with password "${DEMO_PASSWORD}" as:\n${lines.join("\n")}\n`,
      );
    } else {
      process.stdout.write("The database already has members; nothing was seeded.\n");
    }
  } finally {
    await conn.close();
  }
}
