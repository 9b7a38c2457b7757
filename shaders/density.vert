#version 330 core
// The density grid as one quad over its box (in the screen plane's coordinates: a 3-D
// view's grid is already turned), mapped to the render target as the particles are.
uniform vec4 uBox;            // x0, y0, x1, y1
uniform vec2 uCenter;
uniform vec2 uPixelsPerUnit;
uniform vec2 uViewport;

out vec2 vUV;
out vec2 vWorld;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));  // a triangle strip of 4
    vWorld = mix(uBox.xy, uBox.zw, corner);
    vUV = corner;
    gl_Position = vec4((vWorld - uCenter) * uPixelsPerUnit / (0.5 * uViewport), 0.0, 1.0);
}
