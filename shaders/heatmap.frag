#version 330 core
// A predictor's values through a diverging colour map with a dark middle, matching the
// particles' colours: blue for negative, vermillion for positive, near black at zero.
// Faint contour lines every tenth of the range help read levels on a projector.
in vec2 vUV;
out vec4 fragColor;

uniform sampler2D uValues;
uniform float uRange;      // |value| that saturates the colour map
uniform vec3 uPositive;
uniform vec3 uNegative;
uniform vec3 uMiddle;
uniform float uContours;   // 1: draw contour lines

void main() {
    float value = texture(uValues, vUV).r;
    float t = clamp(value / max(uRange, 1e-30), -1.0, 1.0);
    // A perceptual ramp: lightness grows with |t|, hue says the sign.
    float a = pow(abs(t), 0.75);
    vec3 color = mix(uMiddle, t >= 0.0 ? uPositive : uNegative, a);
    color += vec3(0.25) * smoothstep(0.85, 1.0, abs(t)) * a;  // saturated ends go lighter
    if (uContours > 0.5) {
        float level = value / max(uRange, 1e-30) * 10.0;
        float width = fwidth(level);
        float line = 1.0 - smoothstep(0.0, 1.2 * width, abs(fract(level + 0.5) - 0.5));
        color = mix(color, vec3(1.0), 0.18 * line);
    }
    fragColor = vec4(color, 1.0);
}
