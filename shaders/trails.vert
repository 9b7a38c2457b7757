#version 330 core
// Trajectory trail segments: the same view transform as the particles, with an
// opacity that fades with the sample's age (and, in the 3-D view, with depth, as the
// particles do).
layout(location = 0) in vec3 aPosition;
layout(location = 1) in float aSign;
layout(location = 2) in float aFade;

uniform mat3 uRotation;
uniform vec2 uCenter;
uniform vec2 uPixelsPerUnit;
uniform vec2 uViewport;
uniform vec3 uPositive;
uniform vec3 uNegative;
uniform float uOpacity;
uniform float uDepth;  // 3-D view: the scene's radius; 0 in 2-D

out vec4 vColor;

void main() {
    vec3 q = uRotation * aPosition;
    vec2 pixels = (q.xy - uCenter) * uPixelsPerUnit;
    gl_Position = vec4(pixels / (0.5 * uViewport), 0.0, 1.0);
    float nearness = uDepth > 0.0 ? clamp(0.5 + 0.5 * q.z / uDepth, 0.0, 1.0) : 1.0;
    vColor = vec4((aSign >= 0.0 ? uPositive : uNegative) * mix(0.4, 1.0, nearness), uOpacity * aFade);
}
