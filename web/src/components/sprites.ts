// Dots and rewrite labels pre-rendered once per look and zoom, then copied to the packet canvas pixel for
// pixel. Without a GPU (headless Chromium, many VMs) the canvas is rasterized in software: a blit of a
// small image is far cheaper than anti-aliasing a path or scaling a bitmap, per dot and per frame.

export interface Sprite {
  image: HTMLCanvasElement;
  /** Where the anchor point (the dot's centre, a label's baseline start) sits inside the image, pixels. */
  anchorX: number;
  anchorY: number;
}

const LABEL_FONT = '800 11.5px system-ui, sans-serif';

export class SpriteCache {
  private scale = 1;
  private readonly sprites = new Map<string, Sprite>();

  /** Device pixels per drawing unit (zoom × devicePixelRatio); a new scale starts a new set of sprites. */
  setScale(scale: number): void {
    const rounded = Math.round(scale * 100) / 100;
    if (rounded === this.scale) return;
    this.scale = rounded;
    this.sprites.clear();
  }

  /** A filled dot of `radius` drawing units with an outline in the page's background colour. */
  dot(color: string, outline: string, radius: number, outlineWidth: number): Sprite {
    const key = `dot|${color}|${outline}|${radius}|${outlineWidth}`;
    return this.sprites.get(key) ?? this.make(key, 2 * (radius + outlineWidth), 2 * (radius + outlineWidth), radius + outlineWidth, radius + outlineWidth, (ctx) => {
      ctx.beginPath();
      ctx.arc(0, 0, radius, 0, Math.PI * 2);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = outlineWidth;
      ctx.strokeStyle = outline;
      ctx.stroke();
    });
  }

  /** A rewrite label ("ENCAP 4097"), outlined in the background colour so it reads over the drawing. */
  label(text: string, color: string, background: string): Sprite {
    const key = `label|${text}|${color}|${background}`;
    const cached = this.sprites.get(key);
    if (cached) return cached;
    const measure = document.createElement('canvas').getContext('2d')!;
    measure.font = LABEL_FONT;
    const w = Math.ceil(measure.measureText(text).width) + 6;
    return this.make(key, w, 17, 3, 12.5, (ctx) => {
      ctx.font = LABEL_FONT;
      ctx.lineJoin = 'round';
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = background;
      ctx.strokeText(text, 0, 0);
      ctx.fillStyle = color;
      ctx.fillText(text, 0, 0);
    });
  }

  /** Copies `sprite` so that its anchor lands on device pixel (x, y), rounded: no filtering. */
  static blit(ctx: CanvasRenderingContext2D, sprite: Sprite, x: number, y: number): void {
    ctx.drawImage(sprite.image, Math.round(x - sprite.anchorX), Math.round(y - sprite.anchorY));
  }

  private make(key: string, w: number, h: number, anchorX: number, anchorY: number, paint: (ctx: CanvasRenderingContext2D) => void): Sprite {
    const image = document.createElement('canvas');
    image.width = Math.max(1, Math.ceil(w * this.scale));
    image.height = Math.max(1, Math.ceil(h * this.scale));
    const ctx = image.getContext('2d')!;
    ctx.scale(this.scale, this.scale);
    ctx.translate(anchorX, anchorY);
    paint(ctx);
    const sprite = { image, anchorX: anchorX * this.scale, anchorY: anchorY * this.scale };
    this.sprites.set(key, sprite);
    return sprite;
  }
}
