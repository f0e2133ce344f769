# Sourced by ./dcgan and ./run-tests, so the tests run dcgan with the memory allocator users get.
#
# libtorch allocates and frees large activation buffers every step. glibc's malloc lets them
# fragment its heap (resident memory grew by ~400 MB within 30 steps at 64x64); tcmalloc reuses
# them: ~40% less peak memory and ~10% more images/s here. It is installed once when missing and
# this user may (as root or with sudo -n); DCGAN_MALLOC=system keeps glibc's malloc.
#
# Usage: preload_allocator STATE_FOLDER   (exports LD_PRELOAD when tcmalloc is there or installed)

tcmalloc_library() { compgen -G "/usr/lib/*-linux-gnu/libtcmalloc_minimal.so.4" | head -n 1; }

preload_allocator() {
  local state="$1" lib sudo
  [[ "${DCGAN_MALLOC:-tcmalloc}" != system ]] || return 0
  lib="$(tcmalloc_library || true)"
  if [[ -z "$lib" && ! -e "$state/tcmalloc-install-tried" ]] && command -v apt-get >/dev/null; then
    mkdir -p "$state"
    touch "$state/tcmalloc-install-tried"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo -n"
    if [[ -z "$sudo" ]] || sudo -n true 2>/dev/null; then
      echo "dcgan: installing libtcmalloc-minimal4 (a faster memory allocator for libtorch; once)..." >&2
      { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libtcmalloc-minimal4 \
          || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libtcmalloc-minimal4; }; } \
          >/dev/null 2>&1 || echo "dcgan: could not install libtcmalloc-minimal4; using the system allocator" >&2
      lib="$(tcmalloc_library || true)"
    fi
  fi
  if [[ -n "$lib" ]]; then
    export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
    # Large cached datasets are expected here, not worth a warning on stderr.
    export TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD="${TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD:-1099511627776}"
  fi
}
