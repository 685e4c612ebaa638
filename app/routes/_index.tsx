import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArrowRight, Building2, CalendarCheck, CalendarDays, Check, Circle, FolderKanban, LogOut, MessageSquare, Sparkles, Star, Users } from "lucide-react";
import { Avatar } from "~/components/Avatar";
import { Card } from "~/components/Card";
import { EmptyState } from "~/components/EmptyState";
import { FormErrorMessage } from "~/components/FormErrorMessage";
import { PageHeader } from "~/components/PageHeader";
import { TeamWeekCard } from "~/components/TeamWeekCard";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { runBookingIntent, type IntentResult } from "~/lib/booking-intents.server";
import { fieldsOf, readForm } from "~/lib/forms";
import { fail, reply } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { earliest, firstRunChecklist, isNewMember, spacesOf } from "~/lib/home";
import { BOOKING_INTENTS, NETWORK_INTENTS } from "~/lib/intents";
import { runNetworkIntent, type NetworkIntentResult } from "~/lib/network-intents.server";
import { formatInstantRange, formatLocalRange } from "~/lib/time";
import { teamOfWeek } from "~/lib/week";
import homeStyles from "~/styles/home.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: homeStyles }];

/** How many project rooms are asked for their upcoming meetings (one query each). */
const MEETING_PROJECTS = 8;

export async function loader({ context }: LoaderFunctionArgs) {
  const viewer = context.viewer;
  if (!viewer) return { member: null };
  const s = context.services;
  const [mine, projects, connections, profile, week, favourite] = await Promise.all([
    s.bookings.myBookings(viewer),
    s.projects.listMine(viewer.id),
    s.network.connections(viewer),
    s.network.getProfile(viewer.id),
    s.bookings.myWeek(viewer),
    s.bookings.favouriteOffer(viewer),
  ]);
  // Booked before the last 30 days ("My bookings" goes back that far)? Only asked when those are empty.
  const everBooked = mine.upcoming.length + mine.past.length > 0 || (await s.bookings.listMine(viewer, { limit: 1 })).length > 0;
  const next = mine.upcoming[0] ?? null;
  const spaces = spacesOf([...mine.upcoming, ...mine.past]);
  const [here, meetings] = await Promise.all([
    Promise.all(spaces.map(async (space) => ({ space, items: (await s.bookings.presence(space.id)).items.filter((p) => p.member.id !== viewer.id) }))),
    Promise.all(
      projects.slice(0, MEETING_PROJECTS).map(async (p) => (await s.bookings.forProject(viewer, p.id)).map((b) => ({ ...b, projectName: p.name }))),
    ),
  ]);
  // Who of the people here matches me: the ranked matches (they boost people at that space), asked only when
  // someone is here.
  const present = here.find((h) => h.items.length > 0);
  const matches = present ? await s.network.matches(viewer, { limit: 50, spaceId: present.space.id }) : [];
  const matching = new Set(matches.map((m) => m.member.id));
  return {
    member: { id: viewer.id, name: viewer.name },
    isNew: isNewMember({ everBooked, connections, projects }),
    checklist: firstRunChecklist({ profile, everBooked, connections }),
    next,
    favourite,
    checkInOpensMinutes: s.bookings.CHECK_IN_OPENS_MINUTES,
    here: here.map(({ space, items }) => ({
      space,
      people: items.map((p) => ({ id: p.member.id, name: p.member.name, headline: p.member.headline, photoUrl: p.member.photoUrl, matches: matching.has(p.member.id) })),
    })),
    unreadRooms: projects.filter((p) => p.unread > 0).map((p) => ({ id: p.id, name: p.name, unread: p.unread })),
    hasProjects: projects.length > 0,
    team: teamOfWeek(week.days),
    meeting: earliest(meetings.flat()),
    requests: connections
      .filter((c) => c.status === "pending" && c.direction === "incoming")
      .map((c) => ({ id: c.id, note: c.note, member: { id: c.member.id, name: c.member.name, headline: c.member.headline, photoUrl: c.member.photoUrl } })),
  };
}

type HomeResult = IntentResult | NetworkIntentResult;

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context);
  const form = await readForm(request);
  const intent = fieldsOf(form).text("intent");
  // Check in or out of the next booking, or book the favourite desk the home offers.
  if (intent === BOOKING_INTENTS.checkIn || intent === BOOKING_INTENTS.checkOut || intent === BOOKING_INTENTS.book) {
    return reply<HomeResult>(await runBookingIntent(context, viewer, "", form));
  }
  if (intent === NETWORK_INTENTS.accept || intent === NETWORK_INTENTS.decline) return reply<HomeResult>(await runNetworkIntent(context, viewer, form));
  return reply<HomeResult>(fail(context, "validation_failed"));
}

type Data = Awaited<ReturnType<typeof loader>>;
type MemberData = Exclude<Data, { member: null }>;

export default function Index() {
  const data = useLoaderData<typeof loader>();
  if (!data.member) return <VisitorHome />;
  return <MemberHome data={data as MemberData} />;
}

function VisitorHome() {
  const t = useT();
  return (
    <section className="hero">
      <p className="hero-eyebrow">{t("app.tagline")}</p>
      <h1>{t("home.hero.title")}</h1>
      <p>{t("home.hero.body")}</p>
      <div className="actions">
        <Link className="button" to="/signup">{t("home.cta.signup")}</Link>
        <Link className="button secondary" to="/login">{t("home.cta.login")}</Link>
      </div>
      <ul className="hero-points plain-list">
        <li><Building2 className="icon" aria-hidden="true" />{t("home.cards.spaces")}</li>
        <li><FolderKanban className="icon" aria-hidden="true" />{t("home.cards.projects")}</li>
        <li><Users className="icon" aria-hidden="true" />{t("home.cards.network")}</li>
      </ul>
    </section>
  );
}

function ResultNotice() {
  const t = useT();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  if (!result) return null;
  if (!result.ok) return <FormErrorMessage code={result.code} message={result.message} />;
  if (result.kind === "booked") {
    // The booked instants carry their space's offset: the time is read from them as written.
    return <p className="notice" role="status">{t("home.done.booked", { name: result.name, when: formatLocalRange(result.start, result.end, locale) })}</p>;
  }
  const key = { checked_in: "home.done.checkedIn", checked_out: "home.done.checkedOut", accepted: "home.done.accepted", declined: "home.done.declined" }[result.kind as string];
  return key ? <p className="notice" role="status">{t(key as MessageKey)}</p> : null;
}

function MemberHome({ data }: { data: MemberData }) {
  const t = useT();
  const first = data.member.name.trim().split(/\s+/)[0] ?? data.member.name;
  return (
    <div className="home">
      <PageHeader
        title={t(data.isNew ? "home.welcomeNew" : "home.welcome", { name: first })}
        description={t(data.isNew ? "home.lead.new" : "home.lead")}
      />
      <ResultNotice />
      <div className="home-grid">
        <div className="home-main stack">
          {data.checklist ? <Checklist steps={data.checklist} /> : null}
          <NextBooking next={data.next} opens={data.checkInOpensMinutes} />
          {data.favourite ? <FavouriteDesk offer={data.favourite} /> : null}
          <HereNow here={data.here} />
          {data.meeting ? <NextMeeting meeting={data.meeting} /> : null}
        </div>
        <div className="home-side stack">
          <Requests requests={data.requests} />
          <UnreadRooms rooms={data.unreadRooms} hasProjects={data.hasProjects} />
          {data.hasProjects ? <TeamWeekCard people={data.team.people} more={data.team.more} /> : null}
        </div>
      </div>
    </div>
  );
}

function Checklist({ steps }: { steps: NonNullable<MemberData["checklist"]> }) {
  const t = useT();
  const done = steps.filter((s) => s.done).length;
  return (
    <Card
      id="checklist"
      testId="checklist"
      className="checklist"
      title={t("home.checklist.title")}
      action={<span className="muted text-sm">{t("home.checklist.progress", { done, total: steps.length })}</span>}
    >
      <progress className="checklist-progress" max={steps.length} value={done} aria-label={t("home.checklist.title")} />
      <ol className="checklist-steps plain-list">
        {steps.map((s) => (
          <li key={s.key} className={s.done ? "is-done" : undefined} data-step={s.key} data-done={s.done}>
            {s.done ? <Check className="icon step-icon" aria-hidden="true" /> : <Circle className="icon step-icon" aria-hidden="true" />}
            {s.done ? (
              <span>
                <s>{t(`home.checklist.${s.key}` as MessageKey)}</s> <span className="sr-only">{t("home.checklist.done")}</span>
              </span>
            ) : (
              <Link to={s.to}>{t(`home.checklist.${s.key}` as MessageKey)}</Link>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function NextBooking({ next, opens }: { next: MemberData["next"]; opens: number }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === BOOKING_INTENTS.checkIn;
  const leaving = navigation.state !== "idle" && navigation.formData?.get("intent") === BOOKING_INTENTS.checkOut;
  return (
    <Card id="next-booking" testId="next-booking" title={t("home.next.title")} action={<Link to="/bookings" className="text-sm">{t("home.next.all")}</Link>}>
      {next ? (
        <div className="next-booking">
          <p className="next-what">
            <strong>{next.resourceName}</strong> · <Link to={`/spaces/${next.spaceId}`}>{next.spaceName}</Link>
          </p>
          <p className="next-when">
            <CalendarDays className="icon icon-sm" aria-hidden="true" /> {formatInstantRange(next.start, next.end, locale, next.timezone)}
          </p>
          <p>
            <span className={`status ${next.status === "checked_in" ? "status-success" : "status-info"}`}>{t(`bookings.status.${next.status}` as MessageKey)}</span>
          </p>
          <div className="cluster">
            {next.canCheckOut ? (
              <Form method="post">
                <input type="hidden" name="intent" value={BOOKING_INTENTS.checkOut} />
                <input type="hidden" name="bookingId" value={next.id} />
                <button type="submit" className="button secondary" aria-disabled={leaving || undefined}>
                  <LogOut className="icon" aria-hidden="true" />
                  {t("home.next.checkOut")}
                </button>
              </Form>
            ) : null}
            {next.status === "checked_in" ? null : next.canCheckIn ? (
              <Form method="post">
                <input type="hidden" name="intent" value={BOOKING_INTENTS.checkIn} />
                <input type="hidden" name="bookingId" value={next.id} />
                <button type="submit" className="button" aria-disabled={busy || undefined}>
                  <CalendarCheck className="icon" aria-hidden="true" />
                  {t("home.next.checkIn")}
                </button>
              </Form>
            ) : (
              <p className="muted text-sm">{t("home.next.checkInLater", { minutes: opens })}</p>
            )}
            <Link className="button secondary" to={`/spaces/${next.spaceId}`}>
              {t("home.next.openSpace", { spaceName: next.spaceName })}
            </Link>
          </div>
        </div>
      ) : (
        <EmptyState icon={Building2} title={t("home.next.none")} body={t("home.next.noneBody")} action={{ to: "/spaces", label: t("home.next.find") }} />
      )}
    </Card>
  );
}

/** "Book my favourite desk": the latest starred desk, free in its space's next window; one click books it. */
function FavouriteDesk({ offer }: { offer: NonNullable<MemberData["favourite"]> }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === BOOKING_INTENTS.book;
  return (
    <Card id="favourite-desk" testId="favourite-desk" title={t("home.favourite.title")}>
      <p className="cluster">
        <Star className="icon icon-sm" aria-hidden="true" fill="currentColor" />
        <span>{t("home.favourite.when", { name: offer.resourceName, spaceName: offer.spaceName, when: formatInstantRange(offer.start, offer.end, locale, offer.timezone) })}</span>
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value={BOOKING_INTENTS.book} />
        <input type="hidden" name="resourceId" value={offer.resourceId} />
        <input type="hidden" name="start" value={offer.start} />
        <input type="hidden" name="end" value={offer.end} />
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          <CalendarCheck className="icon" aria-hidden="true" />
          {t("home.favourite.book")}
        </button>
      </Form>
    </Card>
  );
}

function HereNow({ here }: { here: MemberData["here"] }) {
  const t = useT();
  return (
    <Card id="here-now" testId="here-now" title={t("home.here.title")}>
      {here.length === 0 ? (
        <EmptyState icon={Users} title={t("home.here.noSpace")} body={t("home.here.noSpaceBody")} action={{ to: "/spaces", label: t("home.next.find") }} />
      ) : (
        <div className="stack">
          {here.map(({ space, people }) => (
            <section key={space.id} aria-labelledby={`here-${space.id}`} className="here-space">
              <h3 id={`here-${space.id}`} className="here-space-title">
                <Link to={`/spaces/${space.id}`}>{space.name}</Link>{" "}
                <span className="muted text-sm">{t("home.here.count", { count: people.length })}</span>
              </h3>
              {people.length === 0 ? (
                <p className="muted">{t("home.here.nobody")}</p>
              ) : (
                <ul className="people-list plain-list">
                  {people.map((p) => (
                    <li key={p.id}>
                      <Avatar id={p.id} name={p.name} size="sm" photoUrl={p.photoUrl} />
                      <span className="person-text">
                        <Link to={`/members/${p.id}`}>{p.name}</Link>
                        {p.headline ? <span className="muted text-sm truncate">{p.headline}</span> : null}
                      </span>
                      {p.matches ? (
                        <span className="status status-success">
                          <Sparkles className="icon icon-sm" aria-hidden="true" />
                          {t("home.here.match")}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}

function NextMeeting({ meeting }: { meeting: NonNullable<MemberData["meeting"]> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Card id="next-meeting" testId="next-meeting" title={t("home.meeting.title")}>
      <p>
        <Link to={`/projects/${meeting.projectId}`}>
          <strong>{meeting.projectName}</strong>
        </Link>
      </p>
      <p className="muted">
        {t("notif.booking.when", { resourceName: meeting.resourceName, spaceName: meeting.spaceName, when: formatInstantRange(meeting.start, meeting.end, locale, meeting.timezone) })}
      </p>
    </Card>
  );
}

function Requests({ requests }: { requests: MemberData["requests"] }) {
  const t = useT();
  if (requests.length === 0) return null;
  return (
    <Card id="requests" testId="requests" title={t("home.requests.title", { count: requests.length })} action={<Link to="/network/connections" className="text-sm">{t("home.requests.all")}</Link>}>
      <ul className="people-list plain-list">
        {requests.slice(0, 5).map((r) => (
          <li key={r.id} className="request">
            <Avatar id={r.member.id} name={r.member.name} size="sm" photoUrl={r.member.photoUrl} />
            <span className="person-text">
              <Link to={`/members/${r.member.id}`}>{r.member.name}</Link>
              {r.note ? <span className="muted text-sm break-words">{r.note}</span> : r.member.headline ? <span className="muted text-sm truncate">{r.member.headline}</span> : null}
            </span>
            <Form method="post" className="cluster request-actions">
              <input type="hidden" name="connectionId" value={r.id} />
              <button type="submit" name="intent" value={NETWORK_INTENTS.accept} className="small-button" aria-label={`${t("home.requests.accept")}: ${r.member.name}`}>
                {t("home.requests.accept")}
              </button>
              <button type="submit" name="intent" value={NETWORK_INTENTS.decline} className="small-button quiet" aria-label={`${t("home.requests.decline")}: ${r.member.name}`}>
                {t("home.requests.decline")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function UnreadRooms({ rooms, hasProjects }: { rooms: MemberData["unreadRooms"]; hasProjects: boolean }) {
  const t = useT();
  return (
    <Card id="unread-rooms" testId="unread-rooms" title={t("home.rooms.title")} action={hasProjects ? <Link to="/projects" className="text-sm">{t("home.rooms.all")}</Link> : undefined}>
      {!hasProjects ? (
        <EmptyState icon={FolderKanban} title={t("home.rooms.none")} body={t("home.rooms.noneBody")} action={{ to: "/projects", label: t("home.rooms.start") }} />
      ) : rooms.length === 0 ? (
        <p className="muted cluster"><MessageSquare className="icon icon-sm" aria-hidden="true" />{t("home.rooms.caughtUp")}</p>
      ) : (
        <ul className="room-list plain-list">
          {rooms.map((r) => (
            <li key={r.id}>
              <Link to={`/projects/${r.id}`} className="room-link">
                <span className="truncate">{r.name}</span>
                <span className="badge" aria-hidden="true">{r.unread}</span>
                <span className="sr-only">{t("projects.unreadCount", { count: r.unread })}</span>
                <ArrowRight className="icon icon-sm" aria-hidden="true" />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

