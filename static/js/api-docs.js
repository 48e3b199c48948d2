// Starts Swagger UI (from the portal's own copy) over the API's OpenAPI schema.
const element = document.getElementById("swagger-ui");
if (element && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    domNode: element,
    deepLinking: false,
    tryItOutEnabled: false,
    supportedSubmitMethods: ["get"],
  });
}
