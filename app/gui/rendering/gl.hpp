#pragma once
// The one place that includes OpenGL: core-profile prototypes straight from the
// system's libGL (no loader on Linux), and GLFW told not to pull in the legacy gl.h.
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES
#endif
#define GLFW_INCLUDE_NONE
#include <GL/glcorearb.h>
#include <GLFW/glfw3.h>
