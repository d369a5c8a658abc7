/**
 * A DOM for Plot in node (linkedom): the render command draws charts with it, and the chart goldens use the same one.
 */
import { parseHTML } from 'linkedom';

/**
 * A fresh DOM document for Plot to build into. linkedom has no canvas, which Plot's colour-ramp legend paints
 * into: give canvases a context that draws nothing and an image URL that is always the same.
 */
export function newDocument(): Document {
  const document = parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
  const create = document.createElement.bind(document);
  document.createElement = ((name: string, options?: ElementCreationOptions) => {
    const el = create(name, options);
    if (name.toLowerCase() === 'canvas') {
      Object.assign(el, { getContext: () => ({ fillStyle: '', fillRect: () => {} }), toDataURL: () => 'data:image/png;base64,' });
    }
    return el;
  }) as Document['createElement'];
  return document;
}
