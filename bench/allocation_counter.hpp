#pragma once
// Heap allocations made by the whole process so far (see allocation_counter.cpp).
long allocationCount();
