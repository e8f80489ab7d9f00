// A small hash router: the location hash is the app's address, so Back/Forward work and a view
// can be linked to.
import { hrefFor, parseRoute, type Route } from "./routes";

export { hrefFor, type Route };

class Router {
  route: Route = $state(parseRoute(window.location.hash));

  constructor() {
    window.addEventListener("hashchange", () => {
      this.route = parseRoute(window.location.hash);
    });
  }

  go(route: Route) {
    window.location.hash = hrefFor(route);
  }

  back() {
    window.history.back();
  }
}

export const router = new Router();
