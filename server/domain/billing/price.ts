// Pure: what a booking costs, from its resource's rate and its length (server/contract/pricing.ts, shared with the
// browser so the space page shows the same price the server charges).
export { bookingPrice, quotePrice, type PriceTerms, type Rate, type ResourceKindForPrice } from "../../contract/pricing.js";
