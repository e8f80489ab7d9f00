import { call } from "./ipc";
import type { Today } from "../bindings/Today";
import type { TodayQuery } from "../bindings/TodayQuery";
import type { UnbilledSummary } from "../bindings/UnbilledSummary";

export const todayPage = (query: TodayQuery) => call<Today>("today_page", { query });
export const todayUnbilled = (query: TodayQuery) => call<UnbilledSummary>("today_unbilled", { query });
