/* The kvm environment: QEMU with -accel kvm, where this machine has a usable /dev/kvm. */
#ifndef VMI_ENVS_KVM_H
#define VMI_ENVS_KVM_H

#include <stddef.h>

/*
 * 0 when `dev` (normally /dev/kvm) opens read-write and answers KVM's API
 * version: then `host` says what runs the guest ("host Linux 6.1.0-... with
 * KVM").  -1 otherwise, with `why` saying what failed, in one line.
 */
int vmi_env_kvm_usable(const char *dev, char *host, size_t host_cap, char *why, size_t why_cap);

#endif /* VMI_ENVS_KVM_H */
