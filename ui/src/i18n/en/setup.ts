// English messages: setup. Keys start with "setup."; see ../index.svelte.ts for the term arguments.
export default {
  "setup.title": "Your company",
  "setup.intro":
    "Statements and invoices carry your company's name, address and logo, and amounts in your currency. You can change all of this later in Settings → Billing.",
  "setup.nameMissing": "Enter your company's name (or skip the set-up for now).",
  "setup.companyName": "Company name",
  "setup.address": "Address (one line each)",
  "setup.email": "Email on documents",
  "setup.currency": "Currency (ISO code)",
  "setup.currencyPlaceholder": "EUR",
  "setup.logoAlt": "Company logo",
  "setup.changeLogo": "Change logo…",
  "setup.noLogo": "No logo yet.",
  "setup.chooseLogo": "Choose logo…",
  "setup.save": "Save and start",
  "setup.skip": "Skip for now",
} satisfies Record<`setup.${string}`, string>;
