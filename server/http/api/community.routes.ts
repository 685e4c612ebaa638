import { communitySchemas } from "../../domain/community/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

const C = communitySchemas;

/** The network's ledger (issue 16): referrals passed on and won, hours invested in one another. */
export const communityRoutes: AnyRoute[] = [
  route({
    method: "post",
    path: "/referrals",
    summary: "Pass business to another member: who the prospect is, what they need, an estimated value",
    tag: "community",
    access: "member",
    body: C.ReferralCreate,
    responses: { 201: { description: "The referral, status given", schema: C.ReferralOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.community.referrals.give(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/referrals",
    summary: "The referrals I gave and received, newest first",
    tag: "community",
    access: "member",
    query: C.ReferralListQuery,
    responses: { 200: { description: "OK", schema: C.ReferralList } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.community.referrals.list(viewer!, query) };
    },
  }),
  route({
    method: "get",
    path: "/referrals/:id",
    summary: "One referral (its two members and the network manager; anyone else 404)",
    tag: "community",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: C.ReferralOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.community.referrals.get(viewer!, params.id) };
    },
  }),
  route({
    method: "patch",
    path: "/referrals/:id",
    summary: "The receiver moves a referral forward: contacted, meeting, won (with the closed value) or lost",
    tag: "community",
    access: "member",
    params: IdParams,
    body: C.ReferralStep,
    responses: {
      200: { description: "The referral", schema: C.ReferralOut },
      403: { description: "forbidden receiver_only: the giver (or the network manager) cannot move it" },
      422: { description: "invalid_transition: a step backwards or out of won or lost" },
    },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.community.referrals.step(viewer!, params.id, body) };
    },
  }),
  route({
    method: "post",
    path: "/ledger/hours",
    summary: "Record hours I gave another member (mentoring, a review, help at an event); they confirm or reject",
    tag: "community",
    access: "member",
    body: C.HoursCreate,
    responses: { 201: { description: "The record, status pending", schema: C.HoursOut } },
    async handler({ services, viewer, body }) {
      return { status: 201, body: await services.community.hours.record(viewer!, body) };
    },
  }),
  route({
    method: "get",
    path: "/ledger/hours",
    summary: "Hours I gave and received (pending, confirmed, rejected, reversed), newest first",
    tag: "community",
    access: "member",
    query: C.HoursListQuery,
    responses: { 200: { description: "OK", schema: C.HoursList } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.community.hours.list(viewer!, query) };
    },
  }),
  route({
    method: "get",
    path: "/ledger/hours/:id",
    summary: "One hours record (its two members and the network manager; anyone else 404)",
    tag: "community",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: C.HoursOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.community.hours.get(viewer!, params.id) };
    },
  }),
  route({
    method: "post",
    path: "/ledger/hours/:id/confirm",
    summary: "The receiver confirms: the giver is credited and the receiver debited, within the credit limit",
    tag: "community",
    access: "member",
    params: IdParams,
    responses: {
      200: { description: "The record, confirmed", schema: C.HoursOut },
      422: { description: "credit_limit_reached: the receiver's balance would pass the limit; invalid_transition: already rejected" },
    },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.community.hours.confirm(viewer!, params.id) };
    },
  }),
  route({
    method: "post",
    path: "/ledger/hours/:id/reject",
    summary: "The receiver rejects hours recorded for them (nothing enters the ledger)",
    tag: "community",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "The record, rejected", schema: C.HoursOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.community.hours.reject(viewer!, params.id) };
    },
  }),
  route({
    method: "post",
    path: "/ledger/hours/:id/reverse",
    summary: "The network manager corrects confirmed hours with a reversal entry (the ledger is never edited)",
    tag: "community",
    access: "member",
    params: IdParams,
    body: C.HoursReverse,
    responses: { 200: { description: "The record, reversed", schema: C.HoursOut } },
    async handler({ services, viewer, params, body }) {
      return { status: 200, body: await services.community.hours.reverse(viewer!, params.id, body) };
    },
  }),
  route({
    method: "get",
    path: "/me/ledger",
    summary: "My hours balance, given, received and limit; my referrals' counts and closed value; my newest entries",
    tag: "community",
    access: "member",
    responses: { 200: { description: "OK", schema: C.MyLedgerOut } },
    async handler({ services, viewer }) {
      return { status: 200, body: await services.community.hours.mine(viewer!) };
    },
  }),
  route({
    method: "get",
    path: "/members/:id/ledger",
    summary: "What anyone sees of a member's ledger: referrals given and won, hours given and received (no amounts)",
    tag: "community",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: C.MemberLedgerOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.community.hours.ofMember(viewer!, params.id) };
    },
  }),
  route({
    method: "get",
    path: "/ledger/settings",
    summary: "The network's hours credit limit",
    tag: "community",
    access: "member",
    responses: { 200: { description: "OK", schema: C.LedgerSettingsOut } },
    async handler({ services }) {
      return { status: 200, body: await services.community.hours.settings() };
    },
  }),
  route({
    method: "put",
    path: "/ledger/settings",
    summary: "The network manager sets the hours credit limit (0 to −1000 hours)",
    tag: "community",
    access: "admin",
    body: C.LedgerSettings,
    responses: { 200: { description: "OK", schema: C.LedgerSettingsOut } },
    async handler({ services, viewer, body }) {
      return { status: 200, body: await services.community.hours.updateSettings(viewer!, body) };
    },
  }),
];
