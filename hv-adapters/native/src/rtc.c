/* The wallclock from the CMOS real-time clock (VMI-TIME-001). */
#include "native_internal.h"

#define CMOS_INDEX 0x70u
#define CMOS_DATA 0x71u
#define RTC_SEC 0x00u
#define RTC_MIN 0x02u
#define RTC_HOUR 0x04u
#define RTC_DAY 0x07u
#define RTC_MON 0x08u
#define RTC_YEAR 0x09u
#define RTC_STATUS_A 0x0au
#define RTC_STATUS_B 0x0bu
#define STATUS_A_UIP 0x80u      /* an update is in progress */
#define STATUS_B_24H 0x02u
#define STATUS_B_BINARY 0x04u
#define HOUR_PM 0x80u
#define UIP_WAIT_MAX 10000000u
#define READ_TRIES 8u

struct rtc_time {
    uint8_t sec, min, hour, day, mon, year, status_b;
};

static uint8_t cmos_read(uint8_t reg)
{
    /* Bit 7 of the index is the NMI mask: left clear, as found. */
    vmi_x86_outb(CMOS_INDEX, reg);
    return vmi_x86_inb(CMOS_DATA);
}

/* One snapshot, taken outside an update (the RTC's registers change
 * during the ~2 ms the UIP flag covers); 0 when UIP never clears. */
static int rtc_snapshot(struct rtc_time *t)
{
    uint32_t i;

    for (i = 0; cmos_read(RTC_STATUS_A) & STATUS_A_UIP; i++)
        if (i == UIP_WAIT_MAX)
            return 0;
    t->sec = cmos_read(RTC_SEC);
    t->min = cmos_read(RTC_MIN);
    t->hour = cmos_read(RTC_HOUR);
    t->day = cmos_read(RTC_DAY);
    t->mon = cmos_read(RTC_MON);
    t->year = cmos_read(RTC_YEAR);
    t->status_b = cmos_read(RTC_STATUS_B);
    return 1;
}

static int rtc_same(const struct rtc_time *a, const struct rtc_time *b)
{
    return a->sec == b->sec && a->min == b->min && a->hour == b->hour && a->day == b->day &&
           a->mon == b->mon && a->year == b->year && a->status_b == b->status_b;
}

static uint32_t bcd(uint8_t v, int binary)
{
    return binary ? v : (uint32_t)(v >> 4) * 10u + (v & 0xfu);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil), for y >= 1970. */
static uint64_t days_from_civil(uint32_t y, uint32_t m, uint32_t d)
{
    uint32_t era, yoe, doy, doe;

    y -= m <= 2;
    era = y / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (uint64_t)era * 146097u + doe - 719468u;
}

/* Seconds since the epoch, or 0 for a reading that is not a date.  The
 * two-digit year is 2000 + yy: the spec's plausible range is 2020..2100. */
uint64_t vmi__native_rtc_seconds(const uint8_t raw[7])
{
    int binary = (raw[6] & STATUS_B_BINARY) != 0;
    uint32_t hour = bcd(raw[2] & 0x7fu, binary), pm = raw[2] & HOUR_PM;
    uint32_t sec = bcd(raw[0], binary), min = bcd(raw[1], binary);
    uint32_t day = bcd(raw[3], binary), mon = bcd(raw[4], binary), year = bcd(raw[5], binary);

    if (!(raw[6] & STATUS_B_24H))
        hour = hour % 12 + (pm ? 12 : 0);   /* 12 AM is 0, 12 PM is 12 */
    if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || mon < 1 || mon > 12 ||
        year > 99)
        return 0;
    return ((days_from_civil(2000 + year, mon, day) * 24 + hour) * 60 + min) * 60 + sec;
}

vmi_status_t vmi__native_wallclock_get(uint64_t *ns)
{
    /* VMI-TIME-001: whole seconds; two equal snapshots in a row guard
     * against an update between the register reads. */
    struct rtc_time a, b;
    uint8_t raw[7];
    uint64_t s;
    uint32_t i;

    if (!ns)
        return VMI_EINVAL;
    if (!rtc_snapshot(&a))
        return VMI_EFAULT;
    for (i = 0; i < READ_TRIES; i++, a = b)
        if (!rtc_snapshot(&b) || rtc_same(&a, &b))
            break;
    raw[0] = a.sec; raw[1] = a.min; raw[2] = a.hour; raw[3] = a.day;
    raw[4] = a.mon; raw[5] = a.year; raw[6] = a.status_b;
    s = vmi__native_rtc_seconds(raw);
    if (!s)
        return VMI_EFAULT;
    *ns = s * NS_PER_S;
    return VMI_OK;
}
