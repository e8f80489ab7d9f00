import { call } from "./ipc";
import type { SearchQuery } from "../bindings/SearchQuery";
import type { SearchResults } from "../bindings/SearchResults";

export const search = (query: SearchQuery) => call<SearchResults>("search", { query });
