// `npm run bench`: every benchmark, each figure beside a baseline measured in the same run (not part of npm test).
import { benchAvailability } from "./availability.bench.js";
import { benchBooking } from "./booking.bench.js";
import { benchBundle } from "./bundle.bench.js";
import { benchFanoutScale } from "./fanout-scale.bench.js";
import { benchFanout } from "./fanout.bench.js";
import { benchInsights } from "./insights.bench.js";
import { benchLighthouse } from "./lighthouse.bench.js";
import { benchNetwork } from "./network.bench.js";
import { benchOutbox } from "./outbox.bench.js";
import { printTable, writeResults } from "./support.js";

const rows = [...benchBundle(), ...(await benchAvailability()), ...(await benchNetwork()), ...(await benchFanout()), ...(await benchBooking()), ...(await benchFanoutScale()), ...(await benchInsights()), ...(await benchOutbox()), ...(await benchLighthouse())];
process.stdout.write("\n");
printTable(rows);
process.stdout.write(`\nresults: ${writeResults("summary", { at: new Date().toISOString(), rows })}\n`);
