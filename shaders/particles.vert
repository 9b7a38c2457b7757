#version 330 core
// Particles as point sprites: position in view coordinates, turned by the orbit
// rotation, then mapped to the render target like the CPU's View2D does. The disc's
// area grows with |w| / wRef so mass reads as area; the colour is the sign of w.
// In the 3-D view, depth is shown the way the eye expects: nearer discs larger and
// brighter, farther ones smaller and dimmer.
layout(location = 0) in vec3 aPosition;
layout(location = 1) in float aWeight;

uniform mat3 uRotation;
uniform vec2 uCenter;         // view centre, in rotated view coordinates
uniform vec2 uPixelsPerUnit;
uniform vec2 uViewport;       // render target size in pixels
uniform float uWeightRef;     // |w| that gets the largest disc
uniform vec2 uRadius;         // smallest and largest disc radius, in pixels
uniform vec3 uPositive;
uniform vec3 uNegative;
uniform float uDepth;         // 3-D view: the scene's radius (depth -uDepth far, +uDepth near); 0 in 2-D
uniform float uOpacity;       // below 1 where the density view shows the crowd (views/density_map.hpp)

out vec3 vColor;
out float vAlpha;
out float vRadius;

void main() {
    vec3 q = uRotation * aPosition;
    vec2 pixels = (q.xy - uCenter) * uPixelsPerUnit;
    gl_Position = vec4(pixels / (0.5 * uViewport), 0.0, 1.0);
    float share = clamp(abs(aWeight) / max(uWeightRef, 1e-30), 0.0, 1.0);
    vRadius = mix(uRadius.x, uRadius.y, sqrt(share));
    vColor = aWeight >= 0.0 ? uPositive : uNegative;
    if (uDepth > 0.0) {
        float nearness = clamp(0.5 + 0.5 * q.z / uDepth, 0.0, 1.0);
        vRadius *= mix(0.6, 1.25, nearness);
        vColor *= mix(0.4, 1.0, nearness);
    }
    gl_PointSize = 2.0 * vRadius + 2.0;
    // Particles that have lost (almost) all their mass stay visible, but faint.
    vAlpha = mix(0.45, 1.0, sqrt(share)) * uOpacity;
}
