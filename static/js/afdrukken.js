// The print button of the print views: shown only when JavaScript can print (no inline script).
document.querySelectorAll("[data-afdrukken]").forEach((knop) => {
  knop.hidden = false;
  knop.addEventListener("click", () => window.print());
});
