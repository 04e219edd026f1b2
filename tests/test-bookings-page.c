/* test-bookings-page.c — the dashboard's bookings list on the server's demo data: search, status chips,
 * dates, sorting, CSV export, refreshes after a change, and a model of 100,000 cached bookings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected rows are worked out here from every cached booking (ccal_cache_query_bookings ()), not
 * from the query the list uses, so a wrong WHERE or ORDER BY shows.
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ccal-bookings-page.h"
#include "ccal-core.h"
#include "ccal-test-gui.h"

static CcalTestServer *server;
static CcalAccount *account;

/* The demo workspace, synced once for the whole run. */
static CcalAccount *
demo_account (void)
{
  if (account == NULL)
    {
      g_autoptr (GError) error = NULL;
      int status;

      server = ccal_test_server_new (NULL);
      status = ccal_test_server_run_cli (server, NULL, NULL, "demo-data", "--database", server->database,
                                         "--workspace", server->workspace_id, NULL);
      g_assert_cmpint (status, ==, 0);
      account = ccal_test_gui_account_new (server, server->admin_key);
    }
  return account;
}

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr (GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/customerconnects/Calendar/ccal-views.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static GtkWidget *
show_page (CcalBookingsPage **out_page)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = ccal_bookings_page_new (demo_account ());

  load_css ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 720);
  gtk_window_set_child (GTK_WINDOW (window), page);
  ccal_test_gui_present_and_wait (GTK_WINDOW (window));
  *out_page = CCAL_BOOKINGS_PAGE (page);
  return window;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *painted)
{
  (*painted)++;
}

static gboolean
on_painted_cb (gpointer data)
{
  return *(guint *) data >= 1;
}

/* Waits for a painted frame after a change (two: the layout's, then one drawn from it) and saves a
 * screenshot. */
static void
shot (CcalBookingsPage *page,
      const char       *name)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page)));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (root);

  for (guint i = 0; i < 2; i++)
    {
      guint painted = 0;
      gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);

      gtk_widget_queue_draw (root);
      ccal_test_gui_wait_until (on_painted_cb, &painted, "a frame");
      g_signal_handler_disconnect (clock, handler);
    }
  ccal_test_gui_save_shot (GTK_WIDGET (page), name);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget_with_class (GtkWidget  *root,
                        const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every cached booking. */
static GPtrArray *
all_bookings (void)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *bookings = ccal_cache_query_bookings (ccal_account_get_cache (demo_account ()), G_MININT64, G_MAXINT64,
                                                   NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bookings->len, >, 20);
  return bookings;
}

/* The ids the list shows, in order. */
static GPtrArray *
shown_ids (CcalBookingsPage *page)
{
  GListModel *model = G_LIST_MODEL (ccal_bookings_page_get_model (page));
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CcalBooking) booking = g_list_model_get_item (model, i);

      g_ptr_array_add (ids, g_strdup (booking->id));
    }
  return ids;
}

typedef gboolean (*BookingPredicate) (CcalBooking *booking,
                                      gconstpointer data);

/* The list shows exactly the cached bookings @predicate accepts (in any order). */
static guint
assert_shows_exactly (CcalBookingsPage *page,
                      BookingPredicate  predicate,
                      gconstpointer     data)
{
  g_autoptr (GPtrArray) all = all_bookings ();
  g_autoptr (GPtrArray) ids = shown_ids (page);
  g_autoptr (GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  guint expected = 0;

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (shown, ids->pdata[i]);
  g_assert_cmpuint (g_hash_table_size (shown), ==, ids->len);   /* no row twice */
  for (guint i = 0; i < all->len; i++)
    {
      CcalBooking *booking = all->pdata[i];
      gboolean wanted = predicate (booking, data);

      if (wanted != g_hash_table_contains (shown, booking->id))
        g_error ("booking %s (%s) is %s but should%s be", booking->id, booking->contact->name,
                 wanted ? "missing" : "shown", wanted ? "" : " not");
      expected += wanted;
    }
  g_assert_cmpuint (ids->len, ==, expected);
  return expected;
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = g_utf8_strdown (haystack != NULL ? haystack : "", -1);
  g_autofree char *n = g_utf8_strdown (needle, -1);

  return strstr (h, n) != NULL;
}

static char *
digits_of (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static gboolean
matches_text (CcalBooking  *booking,
              gconstpointer data)
{
  const char *text = data;
  g_autofree char *phone = digits_of (booking->contact->phone);
  g_autofree char *wanted_digits = digits_of (text);

  return contains_folded (booking->contact->name, text) || contains_folded (booking->contact->email, text) ||
         (wanted_digits[0] != '\0' && strspn (text, "0123456789 +-()./") == strlen (text) &&
          strstr (phone, wanted_digits) != NULL);
}

static gboolean
matches_any (CcalBooking  *booking,
             gconstpointer data)
{
  return TRUE;
}

static gboolean
on_count_is_cb (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (args[0]))) == GPOINTER_TO_UINT (args[1]);
}

static void
test_search (void)
{
  g_autoptr (GPtrArray) all = NULL;
  CcalBookingsPage *page;
  GtkWidget *window;
  CcalBooking *sample = NULL;
  g_autofree char *name_part = NULL;
  g_autofree char *phone_digits = NULL;
  g_autofree char *phone_typed = NULL;
  GtkWidget *entry;
  guint n, n_email;

  if (!ccal_test_gui_require_display ())
    return;
  window = show_page (&page);
  all = all_bookings ();
  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_ALL, NULL, NULL);
  assert_shows_exactly (page, matches_any, NULL);
  shot (page, "bookings-populated");

  for (guint i = 0; i < all->len && sample == NULL; i++)
    {
      CcalBooking *booking = all->pdata[i];

      if (booking->contact->name != NULL && g_utf8_strlen (booking->contact->name, -1) > 6 &&
          booking->contact->phone != NULL && strlen (booking->contact->phone) > 8)
        sample = booking;
    }
  g_assert_nonnull (sample);

  /* By a part of the name, in other case: the trigram index's path. */
  name_part = g_utf8_strup (g_utf8_offset_to_pointer (sample->contact->name, 1), 4);
  ccal_bookings_page_set_search (page, name_part);
  n = assert_shows_exactly (page, matches_text, name_part);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, all->len);

  /* Two letters: the scan's path. */
  ccal_bookings_page_set_search (page, "ar");
  assert_shows_exactly (page, matches_text, "ar");

  /* By the whole e-mail. */
  ccal_bookings_page_set_search (page, sample->contact->email);
  n_email = assert_shows_exactly (page, matches_text, sample->contact->email);
  g_assert_cmpuint (n_email, >=, 1);

  /* By the phone's last six digits, typed with other spacing. */
  phone_digits = digits_of (sample->contact->phone);
  phone_typed = g_strdup_printf ("%.3s %.3s", phone_digits + strlen (phone_digits) - 6,
                                 phone_digits + strlen (phone_digits) - 3);
  ccal_bookings_page_set_search (page, phone_typed);
  n = assert_shows_exactly (page, matches_text, phone_typed);
  g_assert_cmpuint (n, >=, 1);

  /* Typing into the search entry filters after its short delay. */
  entry = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  ccal_test_gui_wait_until (on_count_is_cb, (gpointer[]) { page, GUINT_TO_POINTER (all->len) }, "the search cleared");
  gtk_editable_set_text (GTK_EDITABLE (entry), sample->contact->email);
  ccal_test_gui_wait_until (on_count_is_cb, (gpointer[]) { page, GUINT_TO_POINTER (n_email) }, "the typed search");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_status_in (CcalBooking  *booking,
               gconstpointer data)
{
  return (GPOINTER_TO_UINT (data) & (1u << booking->status)) != 0;
}

typedef struct
{
  gint64 from;
  gint64 to;
} Range;

static gboolean
starts_in (CcalBooking  *booking,
           gconstpointer data)
{
  const Range *range = data;

  return booking->start_time >= range->from && booking->start_time < range->to;
}

static void
test_status_and_dates (void)
{
  CcalBookingsPage *page;
  GtkWidget *window, *chip;
  GDate today, from, to;
  Range range;
  guint n_confirmed, n_past, n_upcoming;
  guint total;

  if (!ccal_test_gui_require_display ())
    return;
  window = show_page (&page);
  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_ALL, NULL, NULL);
  total = g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (page)));

  /* A chip from the UI: the first one is "Pending". */
  chip = find_widget_with_class (GTK_WIDGET (page), "status-chip");
  g_assert_nonnull (chip);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), TRUE);
  assert_shows_exactly (page, has_status_in, GUINT_TO_POINTER (1u << CCAL_BOOKING_STATUS_PENDING));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), FALSE);

  n_confirmed = assert_shows_exactly (page, has_status_in, GUINT_TO_POINTER (0x1f));
  g_assert_cmpuint (n_confirmed, ==, total);
  ccal_bookings_page_set_statuses (page, 1u << CCAL_BOOKING_STATUS_CONFIRMED);
  n_confirmed = assert_shows_exactly (page, has_status_in, GUINT_TO_POINTER (1u << CCAL_BOOKING_STATUS_CONFIRMED));
  g_assert_cmpuint (n_confirmed, >, 0);
  ccal_bookings_page_set_statuses (page, (1u << CCAL_BOOKING_STATUS_NO_SHOW) | (1u << CCAL_BOOKING_STATUS_CANCELLED));
  assert_shows_exactly (page, has_status_in,
                        GUINT_TO_POINTER ((1u << CCAL_BOOKING_STATUS_NO_SHOW) | (1u << CCAL_BOOKING_STATUS_CANCELLED)));
  ccal_bookings_page_set_statuses (page, 0);

  /* TZ=UTC in tests and no display zone set: the page's days are UTC days. */
  g_assert_true (ccal_time_to_date (g_get_real_time (), "UTC", &today, NULL));
  g_assert_true (ccal_time_day_bounds (&today, "UTC", &range.from, &range.to, NULL));

  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_UPCOMING, NULL, NULL);
  range.to = G_MAXINT64;
  n_upcoming = assert_shows_exactly (page, starts_in, &range);
  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_PAST, NULL, NULL);
  range.to = range.from;
  range.from = G_MININT64;
  n_past = assert_shows_exactly (page, starts_in, &range);
  g_assert_cmpuint (n_past + n_upcoming, ==, total);
  g_assert_cmpuint (n_past, >, 0);
  g_assert_cmpuint (n_upcoming, >, 0);

  /* A custom week before today, both ends included. */
  from = today;
  g_date_subtract_days (&from, 7);
  to = today;
  g_date_subtract_days (&to, 1);
  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_CUSTOM, &from, &to);
  g_assert_true (ccal_time_day_bounds (&from, "UTC", &range.from, NULL, NULL));
  g_assert_true (ccal_time_day_bounds (&today, "UTC", &range.to, NULL, NULL));
  assert_shows_exactly (page, starts_in, &range);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bad_custom_range (void)
{
  CcalBookingsPage *page;
  GtkWidget *window;
  GtkDropDown *dropdown;
  GtkWidget *from_entry;
  guint before;

  if (!ccal_test_gui_require_display ())
    return;
  window = show_page (&page);
  dropdown = GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN));
  gtk_drop_down_set_selected (dropdown, CCAL_BOOKINGS_RANGE_CUSTOM);
  before = g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (page)));

  /* The From field is the first plain entry of the page. */
  from_entry = find_widget (GTK_WIDGET (page), GTK_TYPE_ENTRY);
  g_assert_nonnull (from_entry);
  gtk_editable_set_text (GTK_EDITABLE (from_entry), "2026-13-45");
  g_assert_true (gtk_widget_has_css_class (from_entry, "error"));
  /* Nothing typed is lost and the list stays as it was. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from_entry)), ==, "2026-13-45");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (page))), ==, before);
  shot (page, "bookings-bad-range");

  gtk_editable_set_text (GTK_EDITABLE (from_entry), "2000-01-01");
  g_assert_false (gtk_widget_has_css_class (from_entry, "error"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("no column %s", title);
}

static void
test_sort (void)
{
  CcalBookingsPage *page;
  GtkWidget *window;
  GtkColumnView *view;
  GListModel *model;
  guint n;

  if (!ccal_test_gui_require_display ())
    return;
  window = show_page (&page);
  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_ALL, NULL, NULL);
  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  model = G_LIST_MODEL (ccal_bookings_page_get_model (page));
  n = g_list_model_get_n_items (model);

  /* As a click on the header does. */
  gtk_column_view_sort_by_column (view, column_titled (view, "Contact"), GTK_SORT_ASCENDING);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr (CcalBooking) a = g_list_model_get_item (model, i - 1);
      g_autoptr (CcalBooking) b = g_list_model_get_item (model, i);
      g_autofree char *fa = g_utf8_strdown (a->contact->name, -1);
      g_autofree char *fb = g_utf8_strdown (b->contact->name, -1);

      g_assert_cmpint (strcmp (fa, fb), <=, 0);
      if (strcmp (fa, fb) == 0)
        g_assert_cmpint (a->start_time, <=, b->start_time);
    }

  gtk_column_view_sort_by_column (view, column_titled (view, "Date & Time"), GTK_SORT_DESCENDING);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr (CcalBooking) a = g_list_model_get_item (model, i - 1);
      g_autoptr (CcalBooking) b = g_list_model_get_item (model, i);

      g_assert_cmpint (a->start_time, >=, b->start_time);
    }

  gtk_column_view_sort_by_column (view, column_titled (view, "Product Interest"), GTK_SORT_DESCENDING);
  {
    g_autoptr (CcalBooking) first = g_list_model_get_item (model, 0);
    g_autoptr (CcalBooking) last = g_list_model_get_item (model, n - 1);

    g_assert_cmpint (g_ascii_strcasecmp (first->product_interest != NULL ? first->product_interest : "",
                                         last->product_interest != NULL ? last->product_interest : ""), >, 0);
  }

  /* Status in the order a booking lives through: pending first, cancelled last. */
  gtk_column_view_sort_by_column (view, column_titled (view, "Status"), GTK_SORT_ASCENDING);
  {
    static const int rank[] = { 0, 1, 4, 2, 3 };   /* by CcalBookingStatus */

    for (guint i = 1; i < n; i++)
      {
        g_autoptr (CcalBooking) a = g_list_model_get_item (model, i - 1);
        g_autoptr (CcalBooking) b = g_list_model_get_item (model, i);

        g_assert_cmpint (rank[a->status], <=, rank[b->status]);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ── CSV ────────────────────────────────────────────────────────────────────────────────────── */

/* RFC 4180 back into rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p);
            }
        }
      else
        while (*p != '\0' && *p != ',' && *p != '\r')
          g_string_append_c (field, *p++);

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else if (*p == '\r')
        {
          g_assert_cmpint (p[1], ==, '\n');
          p += 2;
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
        }
    }
  g_string_free (field, TRUE);
  g_assert_cmpuint (fields->len, ==, 0);   /* ended by CRLF */
  return rows;
}

static void
test_csv (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *path = g_build_filename (ccal_test_gui_get_scratch_dir (), "export.csv", NULL);
  g_autofree char *contents = NULL;
  CcalBookingsPage *page;
  GtkWidget *window;
  GListModel *model;
  guint n;

  if (!ccal_test_gui_require_display ())
    return;
  window = show_page (&page);
  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_ALL, NULL, NULL);
  ccal_bookings_page_set_statuses (page, (1u << CCAL_BOOKING_STATUS_CONFIRMED) | (1u << CCAL_BOOKING_STATUS_PENDING));
  model = G_LIST_MODEL (ccal_bookings_page_get_model (page));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 0);

  file = g_file_new_for_path (path);
  g_assert_true (ccal_bookings_page_write_csv (page, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  rows = parse_csv (contents);

  g_assert_cmpuint (rows->len, ==, n + 1);
  {
    const char *const *header = rows->pdata[0];

    g_assert_cmpuint (g_strv_length ((char **) header), ==, 10);
    g_assert_cmpstr (header[0], ==, "Date");
    g_assert_cmpstr (header[1], ==, "Start (UTC)");
    g_assert_cmpstr (header[3], ==, "Contact");
    g_assert_cmpstr (header[7], ==, "Status");
  }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CcalBooking) booking = g_list_model_get_item (model, i);
      const char *const *row = rows->pdata[i + 1];
      g_autoptr (GDateTime) start = g_date_time_new_from_unix_utc (booking->start_time / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format (start, "%Y-%m-%d");
      g_autofree char *time = g_date_time_format (start, "%H:%M");

      g_assert_cmpuint (g_strv_length ((char **) row), ==, 10);
      g_assert_cmpstr (row[0], ==, date);
      g_assert_cmpstr (row[1], ==, time);
      g_assert_cmpstr (row[3], ==, booking->contact->name);
      g_assert_cmpstr (row[4], ==, booking->contact->email);
      g_assert_cmpstr (row[6], ==, booking->product_interest != NULL ? booking->product_interest : "");
      g_assert_cmpstr (row[7], ==, booking->status == CCAL_BOOKING_STATUS_CONFIRMED ? "Confirmed" : "Pending");
    }
  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ── refresh, selection, local changes ──────────────────────────────────────────────────────── */

static void
on_booking_selected_cb (CcalBookingsPage *page,
                        const char       *id,
                        GPtrArray        *log)
{
  g_ptr_array_add (log, g_strdup (id != NULL ? id : "(none)"));
}

static gboolean
on_item_confirmed_cb (gpointer data)
{
  gpointer *args = data;
  GListModel *model = G_LIST_MODEL (ccal_bookings_page_get_model (args[0]));
  const char *id = args[1];

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CcalBooking) booking = g_list_model_get_item (model, i);

      if (g_str_equal (booking->id, id))
        return booking->status == CCAL_BOOKING_STATUS_CONFIRMED;
    }
  return FALSE;
}

static void
test_refresh_keeps_selection (void)
{
  g_autoptr (GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (JsonObject) changes = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  CcalBookingsPage *page;
  GtkWidget *window;
  GListModel *model;
  GtkColumnView *view;
  CcalSync *sync;

  if (!ccal_test_gui_require_display ())
    return;
  window = show_page (&page);
  ccal_bookings_page_set_range (page, CCAL_BOOKINGS_RANGE_ALL, NULL, NULL);
  g_signal_connect (page, "booking-selected", G_CALLBACK (on_booking_selected_cb), log);
  model = G_LIST_MODEL (ccal_bookings_page_get_model (page));

  /* A pending booking in the future; sorted by status, confirming it moves it. */
  all = all_bookings ();
  for (guint i = 0; i < all->len && id == NULL; i++)
    {
      CcalBooking *booking = all->pdata[i];

      if (booking->status == CCAL_BOOKING_STATUS_PENDING && booking->start_time > g_get_real_time ())
        id = g_strdup (booking->id);
    }
  g_assert_nonnull (id);
  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  gtk_column_view_sort_by_column (view, column_titled (view, "Status"), GTK_SORT_ASCENDING);
  ccal_bookings_page_set_statuses (page, 0);

  g_assert_true (ccal_bookings_page_select_id (page, id));
  g_assert_cmpstr (ccal_bookings_page_get_selected_id (page), ==, id);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (log->pdata[0], ==, id);

  /* A local change: the engine's "objects-changed" refreshes the row, which shows it is not sent yet. */
  sync = ccal_account_get_sync (demo_account ());
  json_object_set_string_member (changes, "status", "confirmed");
  g_assert_true (ccal_sync_update_booking (sync, id, changes, &error));
  g_assert_no_error (error);
  ccal_test_gui_wait_until (on_item_confirmed_cb, (gpointer[]) { page, id }, "the confirmed booking");
  {
    guint position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)));
    g_autoptr (CcalBooking) selected = g_list_model_get_item (model, position);

    g_assert_cmpstr (selected->id, ==, id);
    g_assert_cmpint (ccal_booking_list_model_get_item_state (selected), !=, CCAL_CACHE_STATE_SYNCED);
  }
  shot (page, "bookings-local-change");

  /* Pushed to the server: synced again, still selected, and no "nothing selected" in between. */
  ccal_test_gui_sync (demo_account ());
  g_assert_cmpstr (ccal_bookings_page_get_selected_id (page), ==, id);
  for (guint i = 0; i < log->len; i++)
    g_assert_cmpstr (log->pdata[i], ==, id);
  {
    g_autoptr (CcalBooking) cached = ccal_cache_get_booking (ccal_account_get_cache (demo_account ()), id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cached->status, ==, CCAL_BOOKING_STATUS_CONFIRMED);
  }

  /* Filtered out: the selection goes, and says so. */
  ccal_bookings_page_set_statuses (page, 1u << CCAL_BOOKING_STATUS_CANCELLED);
  g_assert_null (ccal_bookings_page_get_selected_id (page));
  g_assert_cmpstr (log->pdata[log->len - 1], ==, "(none)");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty_state (void)
{
  CcalBookingsPage *page;
  GtkWidget *window;
  GtkStack *stack;

  if (!ccal_test_gui_require_display ())
    return;
  window = show_page (&page);
  stack = GTK_STACK (find_widget_with_class (GTK_WIDGET (page), "bookings-stack"));
  ccal_bookings_page_set_search (page, "no such customer anywhere");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (page))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (ccal_bookings_page_get_count_text (page), ==, "0 bookings");
  shot (page, "bookings-empty");

  /* The empty state's button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "bookings.clear-filters", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (page))), >, 0);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot (page, "bookings-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ── 100,000 rows ───────────────────────────────────────────────────────────────────────────── */

static void
on_item_finalized_cb (gpointer data,
                      GObject *where_the_object_was)
{
  (*(guint *) data)--;
}

static void
test_model_100k (void)
{
  g_autofree char *path = g_build_filename (ccal_test_gui_get_scratch_dir (), "big.db", NULL);
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (CcalBookingListModel) model = NULL;
  g_autoptr (GError) error = NULL;
  CcalCacheBookingFilter filter = CCAL_CACHE_BOOKING_FILTER_INIT;
  const guint n = 100000;
  guint alive = 0, peak = 0;
  guint changes = 0, changed = 0;

  cache = ccal_cache_open (path, &error);
  g_assert_no_error (error);
  for (guint first = 0; first < n; first += 1000)
    {
      g_autoptr (JsonArray) page = json_array_new ();

      for (guint i = first; i < first + 1000; i++)
        {
          g_autoptr (CcalBooking) booking = ccal_booking_new ();

          booking->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
          booking->workspace_id = g_strdup ("acme");
          booking->admin_id = g_strdup ("admin");
          booking->contact = ccal_contact_new ();
          booking->contact->id = g_strdup_printf ("00000000-0000-4000-9000-%012u", i % 5000);
          booking->contact->workspace_id = g_strdup ("acme");
          booking->contact->name = g_strdup_printf ("Customer %u", i % 5000);
          booking->contact->email = g_strdup_printf ("customer%u@example.com", i % 5000);
          booking->title = g_strdup ("Meeting");
          booking->start_time = G_GINT64_CONSTANT (1772409600000000) + (gint64) i * 20 * CCAL_USEC_PER_MINUTE;
          booking->end_time = booking->start_time + 30 * CCAL_USEC_PER_MINUTE;
          booking->duration_minutes = 30;
          booking->status = i % CCAL_N_BOOKING_STATUSES;
          booking->created_at = booking->updated_at = booking->start_time;
          booking->version = 1;
          json_array_add_object_element (page, ccal_booking_to_json (booking));
        }
      g_assert_true (ccal_cache_put_server_objects (cache, CCAL_CACHE_COLLECTION_BOOKINGS, page, NULL, &error));
      g_assert_no_error (error);
    }

  model = ccal_booking_list_model_new (cache, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  /* Every row read once, in order and jumping about: the items built stay bounded. */
  for (guint step = 0; step < 2; step++)
    for (guint k = 0; k < (step == 0 ? n : 5000); k++)
      {
        guint i = step == 0 ? k : (guint) (((guint64) k * 7919 * 13) % n);
        CcalBooking *booking = g_list_model_get_item (G_LIST_MODEL (model), i);
        g_autofree char *want = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);

        if (!g_str_equal (booking->id, want))
          g_error ("row %u is %s", i, booking->id);
        if (g_object_get_data (G_OBJECT (booking), "counted") == NULL)
          {
            g_object_set_data (G_OBJECT (booking), "counted", GINT_TO_POINTER (1));
            g_object_weak_ref (G_OBJECT (booking), on_item_finalized_cb, &alive);
            alive++;
          }
        peak = MAX (peak, alive);
        g_object_unref (booking);
      }
  g_assert_cmpuint (peak, <=, 2000);
  g_assert_cmpuint (ccal_booking_list_model_get_n_cached (model), <=, 2000);

  /* A new filter is one "changed", and one replacement of the rows: a removal of all and an addition
   * (two signals, so that GTK 4.8's views do not read every added item), never one per row. */
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (g_atomic_int_inc), &changes);
  g_signal_connect_swapped (model, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  filter.statuses = 1u << CCAL_BOOKING_STATUS_COMPLETED;
  filter.sort = CCAL_CACHE_BOOKING_SORT_START;
  filter.descending = TRUE;
  g_assert_true (ccal_booking_list_model_set_filter (model, &filter, &error));
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n / CCAL_N_BOOKING_STATUSES);
  {
    g_autoptr (CcalBooking) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpint (first->status, ==, CCAL_BOOKING_STATUS_COMPLETED);
    g_assert_cmpstr (first->id, ==, "00000000-0000-4000-8000-000000099998");
  }
  g_clear_object (&model);
  g_assert_cmpuint (alive, ==, 0);
  g_clear_object (&cache);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  ccal_test_gui_init (&argc, &argv);
  g_test_add_func ("/gui/bookings-page/search", test_search);
  g_test_add_func ("/gui/bookings-page/status-and-dates", test_status_and_dates);
  g_test_add_func ("/gui/bookings-page/bad-custom-range", test_bad_custom_range);
  g_test_add_func ("/gui/bookings-page/sort", test_sort);
  g_test_add_func ("/gui/bookings-page/csv", test_csv);
  g_test_add_func ("/gui/bookings-page/refresh-keeps-selection", test_refresh_keeps_selection);
  g_test_add_func ("/gui/bookings-page/empty-state", test_empty_state);
  g_test_add_func ("/gui/bookings-page/model-100k", test_model_100k);
  status = ccal_test_gui_run ();
  g_clear_object (&account);
  g_clear_pointer (&server, ccal_test_server_free);
  return status;
}
