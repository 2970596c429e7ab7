/**
 * HTTP adapter of a bulletin's images for staff (docs/disclosure.md, "Images"): upload (multipart: the file and
 * the alt text in both languages), change the alt text or order, remove — on a draft only — and read one (inline,
 * for the editor's preview and the approver's review). The public reads them through public.routes.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { BulletinImagePatchSchema, BulletinImageSchema } from './bulletins.schema.ts';
import { addImageAs, deleteImageAs, readImageFor, requireImageDrafter, updateImageAs } from './images.service.ts';

const tags = ['bulletins'];
const database = (c: AppContext) => c.get('deps').database;
const idOf = (id: string, entity: string) => {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
};
const BulletinParam = z.object({ id: z.string() });
const ImageParam = z.object({ id: z.string(), imageId: z.string() });
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const uploadRoute = createRoute({
  method: 'post',
  path: '/api/bulletins/{id}/images/files',
  tags,
  summary:
    'Attach an image to a draft (multipart/form-data: "file" PNG/JPEG/WebP ≤ 8 MB and ≤ 24 megapixels, "alt" and "altEn" required); re-encoded without metadata',
  request: { params: BulletinParam },
  responses: { 201: jsonResponse(BulletinImageSchema, 'Stored'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/bulletins/{id}/images/{imageId}',
  tags,
  summary: "Change an image's alt text or position (draft only)",
  request: { params: ImageParam, body: jsonBody(BulletinImagePatchSchema) },
  responses: { 200: jsonResponse(BulletinImageSchema, 'Changed'), ...writeErrors },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/bulletins/{id}/images/{imageId}',
  tags,
  summary: 'Remove an image (draft only)',
  request: { params: ImageParam },
  responses: { 204: { description: 'Removed' }, ...writeErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/bulletins/{id}/images/{imageId}',
  tags,
  summary: 'An image of a bulletin in your area (any status), shown inline',
  request: { params: ImageParam },
  responses: {
    200: { description: 'The image', content: { 'image/png': { schema: z.string() }, 'image/jpeg': { schema: z.string() } } },
    ...errorResponses(401, 403, 404),
  },
});

const formText = (v: unknown) => (typeof v === 'string' ? v : '');

export function registerBulletinImageRoutes(app: AppOpenAPI): void {
  app.openapi(uploadRoute, async (c) => {
    const principal = requirePrincipal(c);
    requireImageDrafter(principal);
    const id = idOf(c.req.valid('param').id, 'bulletin');
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'))
      throw validationFailed([{ path: 'file', message: 'Send the image as multipart/form-data in the field "file"' }]);
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw validationFailed([{ path: 'file', message: 'An image is required (field "file")' }]);
    const view = await addImageAs(
      database(c),
      principal,
      id,
      { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()), alt: formText(form.alt), altEn: formText(form.altEn) },
      clientIp(c),
    );
    return c.json(view, 201);
  });
  app.openapi(patchRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    const view = await updateImageAs(
      database(c),
      requirePrincipal(c),
      idOf(id, 'bulletin'),
      idOf(imageId, 'image'),
      c.req.valid('json'),
      clientIp(c),
    );
    return c.json(view, 200);
  });
  app.openapi(deleteRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    await deleteImageAs(database(c), requirePrincipal(c), idOf(id, 'bulletin'), idOf(imageId, 'image'), clientIp(c));
    return c.body(null, 204) as never;
  });
  app.openapi(getRoute, async (c) => {
    const { id, imageId } = c.req.valid('param');
    const image = await readImageFor(database(c), requirePrincipal(c), idOf(id, 'bulletin'), idOf(imageId, 'image'));
    return c.body(image.content as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': image.contentType,
      'Cache-Control': 'private, no-cache',
      ETag: `"${image.sha256.slice(0, 27)}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    }) as never;
  });
}
