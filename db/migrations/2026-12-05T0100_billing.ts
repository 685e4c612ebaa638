import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Issue 14: money in rupiah. Every amount is an integer number of rupiah (bigint), never a float.
// - billing_settings: a space's invoice code, PPN rate, whether prices include it, and what its invoices print.
// - resources gain a rate; bookings record what they were charged (and, paid by invoice, the invoice that billed it).
// - wallet_entries: the append-only ledger of credits and day passes. Every grant, purchase or positive adjustment
//   opens a lot (its own id is its lot_id); spends, refunds, expiries and negative adjustments are entries against a
//   lot. A trigger refuses any entry that takes a lot below zero, and refuses updates: the balance (the sum) can never
//   go below zero, and history is never rewritten (corrections are new entries).
// - plans and subscriptions; invoices numbered per space and year without gaps (invoice_sequences, taken in the
//   issuing transaction), their lines, payments (manual, or a gateway's, once per provider reference), the gateway's
//   hosted checkouts and the callbacks seen (each handled once).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("billing_settings")
    .addColumn("space_id", "uuid", (c) => c.primaryKey().references("spaces.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull().check(sql`code ~ '^[A-Z]{2,10}$'`))
    .addColumn("tax_rate", sql`numeric(5,4)`, (c) => c.notNull().defaultTo(0.11).check(sql`tax_rate >= 0 AND tax_rate < 1`))
    .addColumn("prices_include_tax", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("legal_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("npwp", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("bank_account", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("invoice_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("payment_terms_days", "integer", (c) => c.notNull().defaultTo(14).check(sql`payment_terms_days BETWEEN 0 AND 90`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable("resources")
    .addColumn("rate_per_hour", "bigint", (c) => c.check(sql`rate_per_hour >= 0`))
    .addColumn("rate_per_day", "bigint", (c) => c.check(sql`rate_per_day >= 0`))
    .addColumn("credits_per_hour", "integer", (c) => c.check(sql`credits_per_hour >= 0`))
    .execute();

  await db.schema
    .createTable("plans")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("space_id", "uuid", (c) => c.references("spaces.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind IN ('hot_desk','dedicated_desk','private_office','virtual_office','day_passes','credits')`),
    )
    .addColumn("price", "bigint", (c) => c.notNull().check(sql`price >= 0`))
    /** The API's `interval` (a column named so would read as SQL's interval type). */
    .addColumn("cycle", "text", (c) => c.notNull().check(sql`cycle IN ('week','month','quarter','year','once')`))
    .addColumn("credits_per_cycle", "integer", (c) => c.notNull().defaultTo(0).check(sql`credits_per_cycle >= 0`))
    .addColumn("day_passes_per_cycle", "integer", (c) => c.notNull().defaultTo(0).check(sql`day_passes_per_cycle >= 0`))
    .addColumn("setup_fee", "bigint", (c) => c.notNull().defaultTo(0).check(sql`setup_fee >= 0`))
    .addColumn("deposit", "bigint", (c) => c.notNull().defaultTo(0).check(sql`deposit >= 0`))
    /** How long credits and passes bought once (interval `once`) stay valid; null: until used. */
    .addColumn("valid_days", "integer", (c) => c.check(sql`valid_days > 0`))
    .addColumn("public", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("plans_space_idx").on("plans").columns(["space_id", "active"]).execute();

  await db.schema
    .createTable("subscriptions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("plan_id", "uuid", (c) => c.notNull().references("plans.id").onDelete("restrict"))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("space_id", "uuid", (c) => c.references("spaces.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('pending_payment','active','cancelling','ended')`))
    /** The current cycle, as local dates in the space's zone: [period_start, period_end). */
    .addColumn("period_start", "date", (c) => c.notNull())
    .addColumn("period_end", "date", (c) => c.notNull())
    .addColumn("started_on", "date", (c) => c.notNull())
    /** Set when cancelled: the subscription ends on this date (the current period's end). */
    .addColumn("ends_on", "date")
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("cancelled_at", "timestamptz")
    .addColumn("ended_at", "timestamptz")
    .addCheckConstraint("subscriptions_period_check", sql`period_end > period_start`)
    .execute();
  await db.schema.createIndex("subscriptions_member_idx").on("subscriptions").columns(["member_id", "status"]).execute();
  await db.schema.createIndex("subscriptions_due_idx").on("subscriptions").columns(["status", "period_end"]).execute();

  await db.schema
    .createTable("invoice_sequences")
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("cascade"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last", "integer", (c) => c.notNull().check(sql`last > 0`))
    .addPrimaryKeyConstraint("invoice_sequences_pkey", ["space_id", "year"])
    .execute();

  await db.schema
    .createTable("invoices")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("space_id", "uuid", (c) => c.notNull().references("spaces.id").onDelete("restrict"))
    .addColumn("member_id", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("subscription_id", "uuid", (c) => c.references("subscriptions.id").onDelete("set null"))
    /** What it bills: a plan's cycle or a purchase, bookings charged to the member's next invoice, or lines by hand. */
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('subscription','purchase','usage','manual')`))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull().check(sql`seq > 0`))
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("issued").check(sql`status IN ('issued','paid','void')`))
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("id").check(sql`locale IN ('id','en')`))
    .addColumn("currency", "text", (c) => c.notNull().defaultTo("IDR").check(sql`currency = 'IDR'`))
    .addColumn("issued_on", "date", (c) => c.notNull())
    .addColumn("due_on", "date", (c) => c.notNull())
    .addColumn("prices_include_tax", "boolean", (c) => c.notNull())
    /** The tax base (DPP): total less tax, whether the lines' prices included the tax or not. */
    .addColumn("subtotal", "bigint", (c) => c.notNull().check(sql`subtotal >= 0`))
    .addColumn("tax_rate", sql`numeric(5,4)`, (c) => c.notNull())
    .addColumn("tax_amount", "bigint", (c) => c.notNull().check(sql`tax_amount >= 0`))
    .addColumn("total", "bigint", (c) => c.notNull().check(sql`total >= 0`))
    /** Sums of the recorded payments: money received, and tax the payer withheld (PPh 23 / 4(2)) and reports. */
    .addColumn("paid", "bigint", (c) => c.notNull().defaultTo(0).check(sql`paid >= 0`))
    .addColumn("withheld", "bigint", (c) => c.notNull().defaultTo(0).check(sql`withheld >= 0`))
    /** Who sells and who buys, as printed on the invoice when it was issued (name, address, NPWP, bank account…). */
    .addColumn("seller", "jsonb", (c) => c.notNull())
    .addColumn("buyer", "jsonb", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("paid_at", "timestamptz")
    .addColumn("voided_at", "timestamptz")
    .addColumn("void_reason", "text")
    .addUniqueConstraint("invoices_space_year_seq_key", ["space_id", "year", "seq"])
    .addUniqueConstraint("invoices_space_number_key", ["space_id", "number"])
    .addCheckConstraint("invoices_total_sum_check", sql`total = subtotal + tax_amount`)
    .addCheckConstraint("invoices_settled_check", sql`paid + withheld <= total`)
    .addCheckConstraint("invoices_paid_status_check", sql`status <> 'paid' OR paid + withheld = total`)
    .addCheckConstraint("invoices_due_check", sql`due_on >= issued_on`)
    .execute();
  await db.schema.createIndex("invoices_member_idx").on("invoices").columns(["member_id", "issued_on"]).execute();
  await db.schema.createIndex("invoices_space_status_idx").on("invoices").columns(["space_id", "status", "issued_on"]).execute();
  await db.schema.createIndex("invoices_subscription_idx").on("invoices").column("subscription_id").execute();

  await db.schema
    .createTable("invoice_lines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("invoice_id", "uuid", (c) => c.notNull().references("invoices.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    /** What the line is (its words come from the dictionaries in the invoice's language), and the facts they name. */
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("facts", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("quantity", sql`numeric(12,2)`, (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn("unit_price", "bigint", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("plan_id", "uuid", (c) => c.references("plans.id").onDelete("set null"))
    .addColumn("booking_id", "uuid", (c) => c.references("bookings.id").onDelete("set null"))
    .addUniqueConstraint("invoice_lines_position_key", ["invoice_id", "position"])
    .execute();

  await db.schema
    .alterTable("bookings")
    /** How the booking was paid: wallet credits, a day pass, the member's next invoice, or nothing to pay. */
    .addColumn("charge_method", "text", (c) => c.check(sql`charge_method IN ('credits','day_pass','invoice','free')`))
    .addColumn("charge_credits", "integer", (c) => c.notNull().defaultTo(0).check(sql`charge_credits >= 0`))
    .addColumn("charge_day_passes", "integer", (c) => c.notNull().defaultTo(0).check(sql`charge_day_passes >= 0`))
    .addColumn("charge_amount", "bigint", (c) => c.notNull().defaultTo(0).check(sql`charge_amount >= 0`))
    .addColumn("charge_refunded_at", "timestamptz")
    /** Charged to an invoice: the invoice that billed it (null while it waits for the member's next invoice). */
    .addColumn("invoice_id", "uuid", (c) => c.references("invoices.id").onDelete("set null"))
    .execute();
  await sql`CREATE INDEX bookings_uninvoiced_idx ON bookings (member_id, space_id)
    WHERE charge_method = 'invoice' AND invoice_id IS NULL AND charge_refunded_at IS NULL`.execute(db);

  await db.schema
    .createTable("wallet_entries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("member_id", "uuid", (c) => c.notNull().references("members.id").onDelete("cascade"))
    /** Where the lot may be spent: one space, or (null) every space of the network. */
    .addColumn("space_id", "uuid", (c) => c.references("spaces.id").onDelete("cascade"))
    .addColumn("unit", "text", (c) => c.notNull().check(sql`unit IN ('credit','day_pass')`))
    .addColumn("amount", "integer", (c) => c.notNull().check(sql`amount <> 0`))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('grant','purchase','spend','refund','adjustment','expiry')`))
    /** The lot this entry opens (its own id) or draws on. */
    .addColumn("lot_id", "uuid", (c) => c.notNull().references("wallet_entries.id").onDelete("cascade"))
    /** On a lot's opening entry: the last local date it may be spent (null: no expiry). */
    .addColumn("expires_on", "date")
    .addColumn("reason", "text")
    .addColumn("booking_id", "uuid", (c) => c.references("bookings.id").onDelete("set null"))
    .addColumn("subscription_id", "uuid", (c) => c.references("subscriptions.id").onDelete("set null"))
    .addColumn("invoice_id", "uuid", (c) => c.references("invoices.id").onDelete("set null"))
    .addColumn("created_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("wallet_entries_lot_check", sql`(lot_id = id) = (amount > 0 AND kind IN ('grant','purchase','adjustment'))`)
    .execute();
  await db.schema.createIndex("wallet_entries_member_idx").on("wallet_entries").columns(["member_id", "created_at"]).execute();
  await db.schema.createIndex("wallet_entries_lot_idx").on("wallet_entries").column("lot_id").execute();
  await db.schema.createIndex("wallet_entries_booking_idx").on("wallet_entries").column("booking_id").execute();
  await sql`CREATE FUNCTION wallet_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'wallet entries are append-only' USING ERRCODE = '55000';
      END IF;
      IF NEW.lot_id <> NEW.id AND (SELECT sum(amount) FROM wallet_entries WHERE lot_id = NEW.lot_id) < 0 THEN
        RAISE EXCEPTION 'wallet lot % would go below zero', NEW.lot_id USING ERRCODE = '23514', CONSTRAINT = 'wallet_lot_not_negative';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER wallet_entries_guard AFTER INSERT OR UPDATE ON wallet_entries
    FOR EACH ROW EXECUTE FUNCTION wallet_entries_guard()`.execute(db);

  await db.schema
    .createTable("payments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("invoice_id", "uuid", (c) => c.notNull().references("invoices.id").onDelete("restrict"))
    .addColumn("amount", "bigint", (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn("withheld", "bigint", (c) => c.notNull().defaultTo(0).check(sql`withheld >= 0`))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method IN ('transfer','cash','qris','card','ewallet','virtual_account','other')`))
    .addColumn("reference", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("paid_at", "timestamptz", (c) => c.notNull())
    .addColumn("recorded_by", "uuid", (c) => c.references("members.id").onDelete("set null"))
    /** A gateway's payment: which provider, and its own id for it (each recorded once). */
    .addColumn("provider", "text")
    .addColumn("provider_ref", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("payments_positive_check", sql`amount + withheld > 0`)
    .addUniqueConstraint("payments_provider_ref_key", ["provider", "provider_ref"])
    .execute();
  await db.schema.createIndex("payments_invoice_idx").on("payments").column("invoice_id").execute();

  await db.schema
    .createTable("payment_checkouts")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("invoice_id", "uuid", (c) => c.notNull().references("invoices.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull())
    /** Our id for the checkout, sent to the provider (its `external_id`); the provider's own id for it. */
    .addColumn("external_id", "text", (c) => c.notNull().unique())
    .addColumn("provider_id", "text")
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull().check(sql`amount > 0`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending','paid','expired','failed')`))
    .addColumn("expires_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("payment_checkouts_invoice_idx").on("payment_checkouts").column("invoice_id").execute();

  await db.schema
    .createTable("payment_callbacks")
    .addColumn("provider", "text", (c) => c.notNull())
    /** The provider's id for the event (or for the payment and its status): a replay finds it and changes nothing. */
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("payment_callbacks_pkey", ["provider", "event_key"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("payment_callbacks").execute();
  await db.schema.dropTable("payment_checkouts").execute();
  await db.schema.dropTable("payments").execute();
  await db.schema.dropTable("wallet_entries").execute();
  await sql`DROP FUNCTION wallet_entries_guard()`.execute(db);
  await db.schema
    .alterTable("bookings")
    .dropColumn("invoice_id")
    .dropColumn("charge_refunded_at")
    .dropColumn("charge_amount")
    .dropColumn("charge_day_passes")
    .dropColumn("charge_credits")
    .dropColumn("charge_method")
    .execute();
  await db.schema.dropTable("invoice_lines").execute();
  await db.schema.dropTable("invoices").execute();
  await db.schema.dropTable("invoice_sequences").execute();
  await db.schema.dropTable("subscriptions").execute();
  await db.schema.dropTable("plans").execute();
  await db.schema.alterTable("resources").dropColumn("credits_per_hour").dropColumn("rate_per_day").dropColumn("rate_per_hour").execute();
  await db.schema.dropTable("billing_settings").execute();
}
