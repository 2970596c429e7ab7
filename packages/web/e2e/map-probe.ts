import type { Page } from 'playwright-core';

/**
 * Where on the page a colour is drawn on the map's WebGL canvas (the first pixel within `tolerance` of it,
 * per channel), or null. Works because the map keeps its drawing buffer (preserveDrawingBuffer), so the
 * canvas can be copied to a 2D canvas and read back: a way to find a facility's dot without exposing the map.
 */
export async function findMapColour(page: Page, hex: string, tolerance = 8): Promise<{ x: number; y: number } | null> {
  return page.evaluate(
    ({ hex: colour, tolerance: slack }) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="district-map"] canvas');
      if (!canvas) return null;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d');
      if (!context) return null;
      context.drawImage(canvas, 0, 0);
      const { data } = context.getImageData(0, 0, copy.width, copy.height);
      const target = [1, 3, 5].map((offset) => Number.parseInt(colour.slice(offset, offset + 2), 16));
      const box = canvas.getBoundingClientRect();
      const scale = box.width / canvas.width;
      for (let index = 0; index < data.length; index += 4) {
        if (target.every((value, channel) => Math.abs(data[index + channel] - value) <= slack)) {
          const pixel = index / 4;
          return { x: box.left + (pixel % copy.width) * scale, y: box.top + Math.floor(pixel / copy.width) * scale };
        }
      }
      return null;
    },
    { hex, tolerance },
  );
}
