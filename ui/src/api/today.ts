import { call } from "./ipc";
import type { Today } from "../bindings/Today";
import type { TodayQuery } from "../bindings/TodayQuery";

export const todayPage = (query: TodayQuery) => call<Today>("today_page", { query });
