import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { systemLocale } from "./api/terms";
import { useSystemLocale } from "./i18n/index.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");
// The system's language first, so the first view is already in it.
try {
  useSystemLocale(await systemLocale());
} catch {
  // The webview's language then.
}
export default mount(App, { target });
