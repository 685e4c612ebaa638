import { billingSchemas } from "../../domain/billing/index.js";
import { route, type AnyRoute } from "./define.js";
import { IdParams } from "./params.js";

const W = billingSchemas.wallet;

/** The wallet: my balances and history; an operator's adjustments and a space's wallets. */
export const billingWalletRoutes: AnyRoute[] = [
  route({
    method: "get",
    path: "/me/wallet",
    summary: "My wallet: credits and day passes valid today, what expires when, where each is valid, the newest movements",
    tag: "billing",
    access: "member",
    query: W.WalletQuery,
    responses: { 200: { description: "OK", schema: W.WalletOut } },
    async handler({ services, viewer, query }) {
      return { status: 200, body: await services.billing.wallet.mine(viewer!, query) };
    },
  }),
  route({
    method: "post",
    path: "/members/:id/wallet/adjustments",
    summary: "Adjust a member's wallet at a space you run (credits and/or day passes, negative takes away) with a reason",
    tag: "billing",
    // Members reach the service and get 404 (the space is not theirs to run): 404, never 403, for what one may not see.
    access: "member",
    params: IdParams,
    body: W.AdjustmentInput,
    responses: {
      201: { description: "The adjustment, as the wallet's history shows it", schema: W.EntryOut },
      422: { description: "insufficient_credits: a negative adjustment beyond what the member holds there" },
    },
    async handler({ services, viewer, params, body }) {
      return { status: 201, body: await services.billing.wallet.adjust(viewer!, params.id, body) };
    },
  }),
  route({
    method: "get",
    path: "/spaces/:id/wallets",
    summary: "A space's wallets: members holding credits or passes valid there, or who booked it, with their balances",
    tag: "billing",
    access: "member",
    params: IdParams,
    responses: { 200: { description: "OK", schema: W.SpaceWalletsOut } },
    async handler({ services, viewer, params }) {
      return { status: 200, body: await services.billing.wallet.spaceWallets(viewer!, params.id) };
    },
  }),
];
