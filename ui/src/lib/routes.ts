// The app's addresses: a typed union of routes and their location hashes (pure, so testable).

/** A filter the Tickets view opens with (from the Today page). */
export type TicketFilter = "mine" | "overdue";

export type Route =
  | { view: "organizations"; mine?: boolean }
  | { view: "organization"; id: string }
  | { view: "organization-new"; parentId: string | null }
  | { view: "organization-edit"; id: string }
  | { view: "people" }
  | { view: "person"; id: string }
  | { view: "person-new"; organizationId: string | null }
  | { view: "person-edit"; id: string }
  | { view: "callbacks" }
  | { view: "agenda" }
  | { view: "duplicates" }
  | { view: "statements" }
  | { view: "contracts" }
  | { view: "today" }
  | { view: "tickets"; number?: number; filter?: TicketFilter }
  | { view: "import" }
  | { view: "companies" }
  | { view: "settings" }
  | { view: "conflicts" };

/** Turns a location hash ("#/organizations/…?parent=…") into a route. Empty or unknown → today. */
export function parseRoute(hash: string): Route {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const [area, id, action] = parts;
  if (area === "people") {
    if (id === "new") return { view: "person-new", organizationId: params.get("organization") };
    if (id && action === "edit") return { view: "person-edit", id };
    if (id) return { view: "person", id };
    return { view: "people" };
  }
  if (area === "settings") return { view: "settings" };
  if (area === "conflicts") return { view: "conflicts" };
  if (area === "callbacks") return { view: "callbacks" };
  if (area === "agenda") return { view: "agenda" };
  if (area === "duplicates") return { view: "duplicates" };
  if (area === "statements") return { view: "statements" };
  if (area === "contracts") return { view: "contracts" };
  if (area === "tickets") {
    const n = Number(params.get("ticket"));
    if (Number.isInteger(n) && n > 0) return { view: "tickets", number: n };
    const filter = params.get("filter");
    return filter === "mine" || filter === "overdue" ? { view: "tickets", filter } : { view: "tickets" };
  }
  if (area === "import") return id === "companies" ? { view: "companies" } : { view: "import" };
  if (area === "organizations" && id) {
    if (id === "new") return { view: "organization-new", parentId: params.get("parent") };
    if (action === "edit") return { view: "organization-edit", id };
    return { view: "organization", id };
  }
  if (area === "organizations") {
    return params.get("mine") === "1" ? { view: "organizations", mine: true } : { view: "organizations" };
  }
  return { view: "today" };
}

/** The hash for a route; the inverse of parseRoute. */
export function hrefFor(route: Route): string {
  const e = encodeURIComponent;
  switch (route.view) {
    case "organizations":
      return route.mine ? "#/organizations?mine=1" : "#/organizations";
    case "organization":
      return `#/organizations/${e(route.id)}`;
    case "organization-new":
      return route.parentId ? `#/organizations/new?parent=${e(route.parentId)}` : "#/organizations/new";
    case "organization-edit":
      return `#/organizations/${e(route.id)}/edit`;
    case "people":
      return "#/people";
    case "person":
      return `#/people/${e(route.id)}`;
    case "person-new":
      return route.organizationId
        ? `#/people/new?organization=${e(route.organizationId)}`
        : "#/people/new";
    case "person-edit":
      return `#/people/${e(route.id)}/edit`;
    case "callbacks":
      return "#/callbacks";
    case "agenda":
      return "#/agenda";
    case "duplicates":
      return "#/duplicates";
    case "statements":
      return "#/statements";
    case "contracts":
      return "#/contracts";
    case "today":
      return "#/today";
    case "tickets":
      if (route.number) return `#/tickets?ticket=${route.number}`;
      return route.filter ? `#/tickets?filter=${route.filter}` : "#/tickets";
    case "import":
      return "#/import";
    case "companies":
      return "#/import/companies";
    case "settings":
      return "#/settings";
    case "conflicts":
      return "#/conflicts";
  }
}

