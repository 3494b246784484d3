import type { jaPublication } from "./ja-publication.ts";

/** English texts of the publish settings and the label downloads (part of en.ts). */
export const enPublication: typeof jaPublication = {
  publicationPage: {
    link: "Public page settings (product security information page)",
    title: "Public page settings of {{name}}",
    help: "The product security information page is the public page buyers and IPA's product page link to. Only the items you choose to publish are shown.",
    published: "Publish the product security information page",
    slug: "Page address (after /p/)",
    slugHint: "Lower-case letters, digits and hyphens (2 to 63 characters). Empty: the product ID is used.",
    show: "Items to publish",
    settings: "Publish settings",
    fields: {
      modelNumbers: "Model numbers",
      supportPeriod: "End of the support period",
      latestFirmware: "Latest firmware and what it fixed",
      vulnerabilityContact: "Vulnerability contact and policy",
      updateProcedure: "Update procedure",
      label: "★ level and registration number (label)",
    },
    contact: "Vulnerability contact (e-mail address or URL)",
    policyUrl: "Vulnerability policy URL",
    securityTxtUrl: "security.txt URL",
    updateJa: "Update procedure (Japanese)",
    updateEn: "Update procedure (English)",
    pageTitle: "Public page",
    pageLink: "Open the product security information page",
    notPublished: "Not published yet. Once published, it is shown at: {{path}}",
    registryLink: "Registry page {{number}}",
  },
  labelDownloads: {
    title: "Label downloads",
    help: "This label was issued by this instance's registry. These are public data anyone can fetch.",
    svg: "Label artwork (SVG)",
    png: "Label artwork (print-ready PNG)",
    payload: "Signed label payload (JWS)",
    page: "Public registry page",
  },
};
