// The Swagger UI of /docs: the service's own OpenAPI, drawn by the swagger-ui-bundle files the
// service serves from the installed package (/docs/assets/…). Nothing is loaded from outside.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
