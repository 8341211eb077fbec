# Project warnings are errors for C++ sources; nvcc gets the host-compiler flags through -Xcompiler.
add_library(polder_warnings INTERFACE)
target_compile_options(polder_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror>
  $<$<COMPILE_LANGUAGE:CUDA>:-Werror=all-warnings -Xcompiler=-Wall,-Wextra>)
