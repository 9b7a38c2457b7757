#version 330 core
// An anti-aliased disc with a thin dark rim, so overlapping particles stay distinct.
in vec3 vColor;
in float vAlpha;
in float vRadius;
out vec4 fragColor;

void main() {
    float size = 2.0 * vRadius + 2.0;
    float r = length(gl_PointCoord - vec2(0.5)) * size;  // distance from the centre in pixels
    float edge = 1.0 - smoothstep(vRadius - 0.5, vRadius + 0.5, r);
    if (edge <= 0.0) discard;
    float rim = smoothstep(vRadius - 1.6, vRadius - 0.6, r);
    vec3 color = mix(vColor, vColor * 0.35, rim * 0.8);
    fragColor = vec4(color, vAlpha * edge);
}
