// Pure money arithmetic in integer rupiah: no floats reach an amount. It lives in server/contract/pricing.ts, which
// the browser imports too (the space page's prices); this is the billing context's name for it.
export { basisPoints, taxSplit } from "../../contract/pricing.js";
