// How long a message takes to put together (`npx vitest bench --run src/i18n` in ui/): a view
// calls t() for every text it shows, so a list's row count times this is what the words cost.
import { bench, describe } from "vitest";
import { setLanguage, t } from "./index.svelte";

for (const language of ["en", "de"] as const) {
  describe(`t() in ${language}`, () => {
    let i = 0;
    const setup = () => setLanguage(language);
    bench("a plain word (common.save)", () => void t("common.save"), { setup });
    bench("a plural with a term (common.organizationCount)", () => void t("common.organizationCount", { count: i++ }), {
      setup,
    });
    bench("a gender select (organizations.new)", () => void t("organizations.new"), { setup });
  });
}
