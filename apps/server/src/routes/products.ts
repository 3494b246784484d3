import { createRoute, z } from "@hono/zod-openapi";
import {
  AppError,
  addModelNumber,
  createProduct,
  deleteProduct,
  getProduct,
  importModelNumbersCsv,
  listModelNumbers,
  listProducts,
  modelNumberCreateSchema,
  productCreateSchema,
  productUpdateSchema,
  removeModelNumber,
  updateProduct,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonBody, jsonResponse, modelNumber, product } from "../schemas.ts";

const productId = idParam("productId");

const routes = {
  list: createRoute({
    method: "get",
    path: "/api/products",
    tags: ["products"],
    summary: "Products of the organisation / 製品一覧",
    responses: { 200: jsonResponse(z.array(product), "Newest first") },
  }),
  create: createRoute({
    method: "post",
    path: "/api/products",
    tags: ["products"],
    summary: "Register a product / 製品の登録",
    request: { body: jsonBody(productCreateSchema) },
    responses: { 201: jsonResponse(product, "Created"), ...errorResponses(400, 409, 413, 415) },
  }),
  get: createRoute({
    method: "get",
    path: "/api/products/{productId}",
    tags: ["products"],
    summary: "One product / 製品",
    request: { params: productId },
    responses: { 200: jsonResponse(product, "The product"), ...errorResponses(404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/api/products/{productId}",
    tags: ["products"],
    summary: "Change a product (send the version you read) / 製品の変更",
    request: { params: productId, body: jsonBody(productUpdateSchema) },
    responses: { 200: jsonResponse(product, "Updated"), ...errorResponses(400, 404, 409, 413, 415) },
  }),
  remove: createRoute({
    method: "delete",
    path: "/api/products/{productId}",
    tags: ["products"],
    summary: "Delete a product without assessments / 製品の削除",
    request: { params: productId },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404, 409) },
  }),
  listModels: createRoute({
    method: "get",
    path: "/api/products/{productId}/model-numbers",
    tags: ["products"],
    summary: "Model numbers / 型番一覧",
    request: { params: productId },
    responses: { 200: jsonResponse(z.array(modelNumber), "Sorted"), ...errorResponses(404) },
  }),
  addModel: createRoute({
    method: "post",
    path: "/api/products/{productId}/model-numbers",
    tags: ["products"],
    summary: "Add a model number / 型番の追加",
    request: { params: productId, body: jsonBody(modelNumberCreateSchema) },
    responses: { 201: jsonResponse(modelNumber, "Added"), ...errorResponses(400, 404, 409, 415) },
  }),
  importModels: createRoute({
    method: "post",
    path: "/api/products/{productId}/model-numbers/import",
    tags: ["products"],
    summary: "Import model numbers from CSV (model number, optional note) / 型番のCSV取込",
    request: {
      params: productId,
      body: {
        required: true,
        content: { "text/csv": { schema: z.string().openapi({ example: "型番,備考\nCAM-100,\n" }) } },
      },
    },
    responses: {
      200: jsonResponse(
        z.object({ added: z.number().int(), skipped: z.array(z.string()) }),
        "Imported (all rows or none)",
      ),
      ...errorResponses(400, 404, 413, 415),
    },
  }),
  removeModel: createRoute({
    method: "delete",
    path: "/api/products/{productId}/model-numbers/{modelNumberId}",
    tags: ["products"],
    summary: "Remove a model number / 型番の削除",
    request: { params: productId.extend(idParam("modelNumberId").shape) },
    responses: { 204: { description: "Removed" }, ...errorResponses(404) },
  }),
};

export function registerProducts(app: App): void {
  app.openapi(routes.list, async (c) => c.json(await listProducts(c.get("deps"), c.get("ctx")), 200));
  app.openapi(routes.create, async (c) =>
    c.json(await createProduct(c.get("deps"), c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(await getProduct(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(routes.update, async (c) =>
    c.json(
      await updateProduct(c.get("deps"), c.get("ctx"), c.req.valid("param").productId, c.req.valid("json")),
      200,
    ),
  );
  app.openapi(routes.remove, async (c) => {
    await deleteProduct(c.get("deps"), c.get("ctx"), c.req.valid("param").productId);
    return c.body(null, 204);
  });
  app.openapi(routes.listModels, async (c) =>
    c.json(await listModelNumbers(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(routes.addModel, async (c) =>
    c.json(
      await addModelNumber(c.get("deps"), c.get("ctx"), c.req.valid("param").productId, c.req.valid("json")),
      201,
    ),
  );
  app.openapi(routes.importModels, async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^text\/(csv|plain)\b/i.test(type)) {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", { type: type || "(none)", expected: "text/csv" });
    }
    const csv = await c.req.text();
    return c.json(
      await importModelNumbersCsv(c.get("deps"), c.get("ctx"), c.req.valid("param").productId, csv),
      200,
    );
  });
  app.openapi(routes.removeModel, async (c) => {
    const { productId: id, modelNumberId } = c.req.valid("param");
    await removeModelNumber(c.get("deps"), c.get("ctx"), id, modelNumberId);
    return c.body(null, 204);
  });
}
