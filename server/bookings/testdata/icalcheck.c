/* icalcheck: parse iCalendar files with libical and check them against
 * RFC 5545 and the iTIP (RFC 5546) restrictions of their METHOD. Prints
 * every error libical records and exits 1 when there is one.
 * Build: cc -o icalcheck icalcheck.c $(pkg-config --cflags --libs libical) */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static int report(icalcomponent *c, const char *file) {
    int n = 0;
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        printf("%s: %s: %s\n", file, icalcomponent_kind_to_string(icalcomponent_isa(c)), icalproperty_get_xlicerror(p));
        n++;
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        n += report(s, file);
    return n;
}

int main(int argc, char **argv) {
    int errors = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 2; }
        static char buf[1 << 20];
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = 0;
        icalcomponent *c = icalparser_parse_string(buf);
        if (!c) { printf("%s: not an iCalendar object\n", argv[i]); errors++; continue; }
        if (icalcomponent_isa(c) != ICAL_VCALENDAR_COMPONENT) { printf("%s: not a VCALENDAR\n", argv[i]); errors++; }
        icalrestriction_check(c);
        errors += report(c, argv[i]);
        icalcomponent_free(c);
    }
    return errors ? 1 : 0;
}
