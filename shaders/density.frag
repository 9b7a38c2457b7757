#version 330 core
// The measure's density under the discs (views/density_map.hpp).
//   uStyle 0: |w| through viridis (uStops), 1: signed w, vermillion above zero and sky blue
//   below, lighter with |w|. Both by the square root of value / uRange, so faint mass beside
//   the dense places stays visible; empty places stay the background.
//   uStyle 2: one row of values, a curve of height value * uRange over x, filled down to
//   the axis in the sign's colour, its edge drawn a pixel or two wide.
in vec2 vUV;
in vec2 vWorld;
out vec4 fragColor;

uniform sampler2D uDensity;
uniform int uStyle;
uniform float uRange;
uniform vec3 uStops[5];
uniform vec3 uPositive;
uniform vec3 uNegative;

vec3 sequential(float t) {
    float s = clamp(t, 0.0, 1.0) * 4.0;
    int i = int(min(floor(s), 3.0));
    return mix(uStops[i], uStops[i + 1], s - float(i));
}

void main() {
    float value = texture(uDensity, vUV).r;
    if (uStyle == 2) {
        float h = value * uRange;
        float y = vWorld.y;
        float pixel = fwidth(y);
        bool under = h >= 0.0 ? (y >= 0.0 && y <= h) : (y <= 0.0 && y >= h);
        float edge = 1.0 - smoothstep(0.6 * pixel, 1.6 * pixel, abs(y - h));
        float alpha = max(under ? 0.32 : 0.0, 0.95 * edge);
        if (alpha <= 0.0) discard;
        fragColor = vec4(h >= 0.0 ? uPositive : uNegative, alpha);
        return;
    }
    float t = value / max(uRange, 1e-30);
    float a = sqrt(clamp(abs(t), 0.0, 1.0));
    if (a < 0.003) discard;
    vec3 color = uStyle == 0 ? sequential(a) : (t >= 0.0 ? uPositive : uNegative) * mix(0.35, 1.0, a);
    fragColor = vec4(color, clamp(3.0 * a, 0.0, 1.0));
}
