/* Uses every table the call list generates, in the strictest freestanding modes. */
#include <vmi/vmi.h>

static vmi_status_t stub_version_get(uint32_t *version)
{
    *version = VMI_ABI_VERSION;
    return VMI_OK;
}

/* An adapter's ops table, the way a vendor writes one. */
static struct vmi_ops stub_ops;

static struct vmi_adapter stub_adapter;

/* Every call's name and metadata must be reachable by number. */
int vmi_use_abi(void);
int vmi_use_abi(void)
{
    uint32_t call, named = 0;

    stub_ops.version_get = stub_version_get;
    stub_adapter.size = (uint32_t)sizeof(stub_adapter);
    stub_adapter.abi_version = VMI_ABI_VERSION;
    stub_adapter.ops = &stub_ops;
    for (call = 0; call < VMI_CALL_COUNT; call++)
        if (vmi_call_name(call) && vmi_call_group(call) >= 0 &&
            vmi_call_feature(call) >= 0 && vmi_call_param_count(call) >= 0)
            named++;
    return named == VMI_CALL_COUNT && vmi_status_name(VMI_EFAULT) != 0 &&
           vmi_abi_compatible(VMI_ABI_VERSION, stub_adapter.abi_version) &&
           stub_adapter.ops->version_get != 0;
}
