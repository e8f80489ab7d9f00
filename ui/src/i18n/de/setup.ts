// Deutsche Texte: setup (every key of ../en/setup.ts, translated).
import type en from "../en/setup";

export default {
  "setup.title": "Ihre Firma",
  "setup.intro":
    "Kontoauszüge und Rechnungen tragen Namen, Adresse und Logo Ihrer Firma und Beträge in Ihrer Währung. All das können Sie später unter Einstellungen → Abrechnung ändern.",
  "setup.nameMissing": "Geben Sie den Namen Ihrer Firma ein (oder überspringen Sie die Einrichtung vorerst).",
  "setup.companyName": "Firmenname",
  "setup.address": "Anschrift (eine Zeile pro Adresszeile)",
  "setup.email": "E-Mail auf Dokumenten",
  "setup.currency": "Währung (ISO-Code)",
  "setup.currencyPlaceholder": "EUR",
  "setup.logoAlt": "Firmenlogo",
  "setup.changeLogo": "Logo ändern…",
  "setup.noLogo": "Noch kein Logo.",
  "setup.chooseLogo": "Logo wählen…",
  "setup.save": "Speichern und loslegen",
  "setup.skip": "Vorerst überspringen",
} satisfies Record<keyof typeof en, string>;
