/* Whether KVM is usable here, and the host kernel that provides it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "vmi-envs/kvm.h"

int vmi_env_kvm_usable(const char *dev, char *host, size_t host_cap, char *why, size_t why_cap)
{
    struct utsname u;
    int fd = open(dev, O_RDWR | O_CLOEXEC), version;

    if (fd < 0) {
        snprintf(why, why_cap, "%s: %s (no usable KVM here; the kvm-nested environment runs "
                 "real KVM inside QEMU TCG)", dev, strerror(errno));
        return -1;
    }
    version = ioctl(fd, KVM_GET_API_VERSION, 0);
    close(fd);
    /* Every KVM since Linux 2.6.22 answers 12; anything else is not KVM. */
    if (version != KVM_API_VERSION) {
        snprintf(why, why_cap, "%s answers API version %d, not KVM's %d", dev, version,
                 KVM_API_VERSION);
        return -1;
    }
    snprintf(host, host_cap, "host Linux %s with KVM", uname(&u) == 0 ? u.release : "unknown");
    return 0;
}
