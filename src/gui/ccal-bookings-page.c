/* ccal-bookings-page.c — the dashboard's list of bookings: search, status and date filters, sortable table, CSV
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sorting. The table never sorts items: a click on a header changes the cache query's ORDER BY.
 * GTK 4.8 cannot tell which column a GtkColumnViewSorter sorts by (get_primary_sort_column () is
 * 4.10), so each column carries a GtkCustomSorter of its own that notes when it is asked; one
 * comparison through the view's sorter then names the primary column, and whether the answer came
 * back inverted tells the direction.
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-bookings-page.h"
#include "ccal-core.h"

#define CSV_CHUNK 500

typedef enum
{
  COLUMN_WHEN,
  COLUMN_CONTACT,
  COLUMN_PHONE,
  COLUMN_PRODUCT,
  COLUMN_STATUS,
  COLUMN_SOURCE,
  COLUMN_BOOKED_BY,
  N_COLUMNS
} Column;

/* The columns are in the order of the cache's sorts. */
G_STATIC_ASSERT ((int) N_COLUMNS == CCAL_CACHE_N_BOOKING_SORTS);
G_STATIC_ASSERT ((int) COLUMN_BOOKED_BY == (int) CCAL_CACHE_BOOKING_SORT_BOOKED_BY);

typedef struct
{
  CcalBookingsPage *page;
  Column            column;
} ColumnInfo;

struct _CcalBookingsPage
{
  AdwBin parent_instance;

  /* template */
  GtkSearchEntry       *search_entry;
  GtkDropDown          *range_dropdown;
  GtkWidget            *export_button;
  GtkBox               *chips_box;
  GtkLabel             *count_label;
  GtkRevealer          *custom_revealer;
  GtkEntry             *from_entry;
  GtkEntry             *to_entry;
  GtkLabel             *range_error_label;
  GtkStack             *stack;
  GtkColumnView        *column_view;
  AdwStatusPage        *empty_page;
  GtkWidget            *clear_button;

  /* owned */
  CcalAccount          *account;
  CcalBookingListModel *model;
  GtkSingleSelection   *selection;
  GSettings            *settings;
  GtkToggleButton      *chips[CCAL_N_BOOKING_STATUSES];
  GtkColumnViewColumn  *columns[N_COLUMNS];
  ColumnInfo            column_info[N_COLUMNS];
  GObject              *probe_a;            /* two objects to ask the view's sorter about */
  GObject              *probe_b;
  int                   probed_column;      /* the first column sorter asked, −1 for none */
  GtkFileChooserNative *chooser;

  char                 *timezone;
  GTimeZone            *zone;
  gboolean              use_24h;
  char                 *search;
  guint                 statuses;
  CcalBookingsRange     range;
  GDate                 custom_from;        /* invalid: open-ended */
  GDate                 custom_to;
  CcalCacheBookingSort  sort;
  gboolean              descending;
  char                 *count_text;

  /* the selection, kept across refreshes by the row's key */
  char                 *selected_id;
  gint64                selected_key;
  gboolean              refreshing;
  gboolean              updating_controls;
};

G_DEFINE_FINAL_TYPE (CcalBookingsPage, ccal_bookings_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_BOOKING_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of CcalBookingStatus. */
static const char *const status_classes[CCAL_N_BOOKING_STATUSES] = {
  "status-pending", "status-confirmed", "status-cancelled", "status-completed", "status-no-show",
};
/* The chips' order: the life of a booking, cancelled last. */
static const CcalBookingStatus chip_order[CCAL_N_BOOKING_STATUSES] = {
  CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_STATUS_COMPLETED,
  CCAL_BOOKING_STATUS_NO_SHOW, CCAL_BOOKING_STATUS_CANCELLED,
};

static const char *
status_label (CcalBookingStatus status)
{
  switch (status)
    {
    case CCAL_BOOKING_STATUS_PENDING:
      return _("Pending");
    case CCAL_BOOKING_STATUS_CONFIRMED:
      return _("Confirmed");
    case CCAL_BOOKING_STATUS_CANCELLED:
      return _("Cancelled");
    case CCAL_BOOKING_STATUS_COMPLETED:
      return _("Completed");
    case CCAL_BOOKING_STATUS_NO_SHOW:
      return _("No-show");
    default:
      return "";
    }
}

static const char *
source_label (CcalBookingSource source)
{
  /* Translators: a booking made by the customer on the public booking page */
  return source == CCAL_BOOKING_SOURCE_PUBLIC ? _("Booking page") : _("Staff");
}

static const char *
state_label (CcalCacheState state)
{
  switch (state)
    {
    case CCAL_CACHE_STATE_LOCALLY_CREATED:
    case CCAL_CACHE_STATE_LOCALLY_MODIFIED:
    case CCAL_CACHE_STATE_LOCALLY_DELETED:
      /* Translators: a change made offline, waiting to be sent to the server */
      return _("Not synced");
    case CCAL_CACHE_STATE_CONFLICT:
      return _("Conflict");
    case CCAL_CACHE_STATE_SYNCED:
    default:
      return NULL;
    }
}

static const char *
booked_by_label (CcalBookingsPage *self,
                 CcalBooking      *booking)
{
  const CcalMe *me = ccal_account_get_me (self->account);

  if (booking->created_by == NULL)
    /* Translators: "booked by" for a booking the customer made themselves */
    return booking->source == CCAL_BOOKING_SOURCE_PUBLIC ? _("Customer") : "";
  if (me != NULL && g_strcmp0 (me->user_id, booking->created_by) == 0 && me->name != NULL)
    return me->name;
  /* Translators: "booked by" for a booking another member of the team made */
  return _("A colleague");
}

static GDateTime *
local_time (CcalBookingsPage *self,
            gint64            usec)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return utc != NULL ? g_date_time_to_timezone (utc, self->zone) : NULL;
}

static char *
format_when (CcalBookingsPage *self,
             gint64            usec)
{
  g_autoptr (GDateTime) local = local_time (self, usec);

  if (local == NULL)
    return g_strdup ("");
  /* Translators: a booking's date and start in the list, see g_date_time_format (); 24-hour clock */
  return g_date_time_format (local, self->use_24h ? _("%a %-d %b %Y, %H:%M")
                                                  /* Translators: the same, 12-hour clock */
                                                  : _("%a %-d %b %Y, %-I:%M %p"));
}

/* ── the filter ───────────────────────────────────────────────────────────────────────────── */

static gboolean
filters_active (CcalBookingsPage *self)
{
  return (self->search != NULL && self->search[0] != '\0') || self->statuses != 0 ||
         self->range == CCAL_BOOKINGS_RANGE_CUSTOM || self->range == CCAL_BOOKINGS_RANGE_PAST;
}

/* [from, to) for the date controls. */
static void
range_bounds (CcalBookingsPage *self,
              gint64           *out_from,
              gint64           *out_to)
{
  gint64 day_start = 0, day_end = 0;
  GDate today;

  *out_from = G_MININT64;
  *out_to = G_MAXINT64;
  switch (self->range)
    {
    case CCAL_BOOKINGS_RANGE_UPCOMING:
    case CCAL_BOOKINGS_RANGE_PAST:
      if (!ccal_time_to_date (g_get_real_time (), self->timezone, &today, NULL) ||
          !ccal_time_day_bounds (&today, self->timezone, &day_start, &day_end, NULL))
        return;
      if (self->range == CCAL_BOOKINGS_RANGE_UPCOMING)
        *out_from = day_start;
      else
        *out_to = day_start;
      break;
    case CCAL_BOOKINGS_RANGE_CUSTOM:
      if (g_date_valid (&self->custom_from) &&
          ccal_time_day_bounds (&self->custom_from, self->timezone, &day_start, &day_end, NULL))
        *out_from = day_start;
      if (g_date_valid (&self->custom_to) &&
          ccal_time_day_bounds (&self->custom_to, self->timezone, &day_start, &day_end, NULL))
        *out_to = day_end;
      break;
    case CCAL_BOOKINGS_RANGE_ALL:
    default:
      break;
    }
}

static void
update_count_and_state (CcalBookingsPage *self,
                        const GError     *error)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  g_free (self->count_text);
  /* Translators: how many bookings the list shows */
  self->count_text = g_strdup_printf (ngettext ("%'u booking", "%'u bookings", n), n);
  gtk_label_set_label (self->count_label, self->count_text);

  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("Bookings Cannot Be Shown"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_widget_set_visible (self->clear_button, FALSE);
    }
  else if (n == 0 && filters_active (self))
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Bookings Match"));
      adw_status_page_set_description (self->empty_page, _("Try other words, more statuses or other dates."));
      gtk_widget_set_visible (self->clear_button, TRUE);
    }
  else if (n == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "x-office-calendar-symbolic");
      adw_status_page_set_title (self->empty_page,
                                 self->range == CCAL_BOOKINGS_RANGE_UPCOMING ? _("No Upcoming Bookings")
                                                                             : _("No Bookings Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Bookings made on the booking page or by the team appear here."));
      gtk_widget_set_visible (self->clear_button, self->range == CCAL_BOOKINGS_RANGE_UPCOMING);
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 && error == NULL ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bookings.export-csv", n > 0 && error == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bookings.clear-filters", filters_active (self));
}

static void
build_filter (CcalBookingsPage       *self,
              CcalCacheBookingFilter *out)
{
  CcalCacheBookingFilter filter = CCAL_CACHE_BOOKING_FILTER_INIT;

  filter.statuses = self->statuses;
  filter.search = self->search;
  filter.sort = self->sort;
  filter.descending = self->descending;
  range_bounds (self, &filter.from, &filter.to);
  *out = filter;
}

static void
apply_filter (CcalBookingsPage *self)
{
  CcalCacheBookingFilter filter;
  g_autoptr (GError) error = NULL;

  build_filter (self, &filter);
  /* The selection follows by its key (see on_model_changed_cb ()). */
  ccal_booking_list_model_set_filter (self->model, &filter, &error);
  update_count_and_state (self, error);
}

/* ── selection ────────────────────────────────────────────────────────────────────────────── */

static void
set_selected (CcalBookingsPage *self,
              const char       *id,
              gint64            key)
{
  self->selected_key = key;
  if (g_strcmp0 (id, self->selected_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  g_signal_emit (self, signals[SIGNAL_BOOKING_SELECTED], 0, self->selected_id);
}

static void
on_selection_changed_cb (CcalBookingsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr (CcalBooking) booking = NULL;

  if (self->refreshing)
    return;   /* the model is being replaced; the selection is put back after it */
  if (position == GTK_INVALID_LIST_POSITION)
    {
      set_selected (self, NULL, 0);
      return;
    }
  booking = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  set_selected (self, booking != NULL && booking->id[0] != '\0' ? booking->id : NULL,
                ccal_booking_list_model_get_key (self->model, position));
}

/* Before the model changes: hold the "booking-selected" emission, and let go of the selected row,
 * or GtkSingleSelection would look for its item among every row added (building all 100,000). */
static void
on_model_changing_cb (CcalBookingsPage *self)
{
  self->refreshing = TRUE;
  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* After it: the selected booking is found again by its key, wherever it moved. */
static void
on_model_changed_cb (CcalBookingsPage *self)
{
  guint position = G_MAXUINT;

  self->refreshing = FALSE;
  if (self->selected_key != 0)
    position = ccal_booking_list_model_find_key (self->model, self->selected_key);
  if (position != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, position);   /* and "notify::selected" */
  else
    set_selected (self, NULL, 0);
  update_count_and_state (self, NULL);
}

/* ── the table ────────────────────────────────────────────────────────────────────────────── */

static GtkWidget *
cell_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  return label;
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     ColumnInfo               *info)
{
  GtkWidget *box, *label;

  switch (info->column)
    {
    case COLUMN_CONTACT:
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), cell_label_new ());
      label = cell_label_new ();
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (list_item, box);
      break;
    case COLUMN_STATUS:
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      label = gtk_label_new (NULL);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), label);
      label = gtk_label_new (NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "sync-state");
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (list_item, box);
      break;
    case COLUMN_WHEN:
      label = cell_label_new ();
      gtk_widget_add_css_class (label, "numeric");
      gtk_list_item_set_child (list_item, label);
      break;
    case COLUMN_PHONE:
    case COLUMN_PRODUCT:
    case COLUMN_SOURCE:
    case COLUMN_BOOKED_BY:
    case N_COLUMNS:
    default:
      gtk_list_item_set_child (list_item, cell_label_new ());
      break;
    }
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    ColumnInfo               *info)
{
  CcalBookingsPage *self = info->page;
  CcalBooking *booking = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  CcalContact *contact = booking->contact;

  switch (info->column)
    {
    case COLUMN_WHEN:
      {
        g_autofree char *text = format_when (self, booking->start_time);

        gtk_label_set_label (GTK_LABEL (child), text);
      }
      break;
    case COLUMN_CONTACT:
      gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (child)), contact != NULL ? contact->name : NULL);
      gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (child)), contact != NULL ? contact->email : NULL);
      break;
    case COLUMN_PHONE:
      gtk_label_set_label (GTK_LABEL (child), contact != NULL ? contact->phone : NULL);
      break;
    case COLUMN_PRODUCT:
      gtk_label_set_label (GTK_LABEL (child), booking->product_interest);
      break;
    case COLUMN_STATUS:
      {
        GtkWidget *pill = gtk_widget_get_first_child (child);
        GtkWidget *state = gtk_widget_get_last_child (child);
        CcalCacheState cache_state = ccal_booking_list_model_get_item_state (booking);
        const char *classes[] = { "booking-status", status_classes[booking->status], NULL };
        const char *state_text = state_label (cache_state);

        gtk_label_set_label (GTK_LABEL (pill), status_label (booking->status));
        gtk_widget_set_css_classes (pill, classes);
        gtk_label_set_label (GTK_LABEL (state), state_text);
        gtk_widget_set_visible (state, state_text != NULL);
        if (cache_state == CCAL_CACHE_STATE_CONFLICT)
          gtk_widget_add_css_class (state, "warning");
        else
          gtk_widget_remove_css_class (state, "warning");
      }
      break;
    case COLUMN_SOURCE:
      gtk_label_set_label (GTK_LABEL (child), source_label (booking->source));
      break;
    case COLUMN_BOOKED_BY:
      gtk_label_set_label (GTK_LABEL (child), booked_by_label (self, booking));
      break;
    case N_COLUMNS:
    default:
      break;
    }
}

/* A column's sorter: notes that the view's sorter asked it first, and puts the first probe first,
 * so an inverted (descending) column answers LARGER (see the top of the file). */
static int
column_probe_compare (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  ColumnInfo *info = user_data;

  if (info->page->probed_column < 0)
    info->page->probed_column = (int) info->column;
  return a == (gconstpointer) info->page->probe_a ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static void
on_sorter_changed_cb (GtkSorter        *sorter,
                      GtkSorterChange   change,
                      CcalBookingsPage *self)
{
  GtkOrdering ordering;
  CcalCacheBookingSort sort = CCAL_CACHE_BOOKING_SORT_START;
  gboolean descending = FALSE;

  self->probed_column = -1;
  ordering = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (self->probed_column >= 0)
    {
      sort = (CcalCacheBookingSort) self->probed_column;
      descending = ordering == GTK_ORDERING_LARGER;
    }
  if (sort == self->sort && descending == self->descending)
    return;
  self->sort = sort;
  self->descending = descending;
  apply_filter (self);
}

static void
add_column (CcalBookingsPage *self,
            Column            column,
            const char       *title,
            gboolean          expand,
            int               fixed_width)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkSorter) sorter = NULL;
  GtkColumnViewColumn *view_column;

  self->column_info[column].page = self;
  self->column_info[column].column = column;
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), &self->column_info[column]);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), &self->column_info[column]);

  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  sorter = GTK_SORTER (gtk_custom_sorter_new (column_probe_compare, &self->column_info[column], NULL));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;   /* the view holds it */
  g_object_unref (view_column);
}

/* ── controls ─────────────────────────────────────────────────────────────────────────────── */

static void
on_search_changed_cb (CcalBookingsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->updating_controls || g_strcmp0 (text, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  apply_filter (self);
}

static void
on_chip_toggled_cb (CcalBookingsPage *self)
{
  guint statuses = 0;

  if (self->updating_controls)
    return;
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    if (gtk_toggle_button_get_active (self->chips[i]))
      statuses |= 1u << i;
  self->statuses = statuses;
  apply_filter (self);
}

/* Reads one of the custom range's days; an empty field is open-ended. */
static gboolean
read_day (GtkEntry    *entry,
          const char  *field,
          GDate       *out_date,
          GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gboolean ok;

  g_date_clear (out_date, 1);
  ok = text[0] == '\0' || ccal_date_parse (text, field, out_date, error);
  if (ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  return ok;
}

static void
on_custom_range_changed_cb (CcalBookingsPage *self)
{
  g_autoptr (GError) from_error = NULL;
  g_autoptr (GError) to_error = NULL;
  g_autofree char *message = NULL;
  GDate from, to;
  gboolean from_ok, to_ok;

  if (self->updating_controls)
    return;
  from_ok = read_day (self->from_entry, "from", &from, &from_error);
  to_ok = read_day (self->to_entry, "to", &to, &to_error);

  /* What was typed stays; the list keeps its last good range until the days read. */
  if (!from_ok)
    message = g_strdup (_("“From” must be a day such as 2026-03-02."));
  else if (!to_ok)
    message = g_strdup (_("“To” must be a day such as 2026-03-31."));
  else if (g_date_valid (&from) && g_date_valid (&to) && g_date_compare (&from, &to) > 0)
    message = g_strdup (_("“To” must not be before “From”."));

  gtk_label_set_label (self->range_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), message != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
  if (message != NULL)
    return;

  self->custom_from = from;
  self->custom_to = to;
  apply_filter (self);
}

static void
on_range_changed_cb (CcalBookingsPage *self)
{
  CcalBookingsRange range = gtk_drop_down_get_selected (self->range_dropdown);

  gtk_revealer_set_reveal_child (self->custom_revealer, range == CCAL_BOOKINGS_RANGE_CUSTOM);
  if (self->updating_controls || range == self->range)
    return;
  self->range = range;
  if (range == CCAL_BOOKINGS_RANGE_CUSTOM)
    on_custom_range_changed_cb (self);
  else
    apply_filter (self);
}

/* Shows the filters' values in the controls without applying them one by one. */
static void
sync_controls (CcalBookingsPage *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  self->updating_controls = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), self->search != NULL ? self->search : "");
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    gtk_toggle_button_set_active (self->chips[i], (self->statuses & (1u << i)) != 0);
  gtk_drop_down_set_selected (self->range_dropdown, self->range);
  gtk_revealer_set_reveal_child (self->custom_revealer, self->range == CCAL_BOOKINGS_RANGE_CUSTOM);
  from = g_date_valid (&self->custom_from) ? ccal_date_format (&self->custom_from) : NULL;
  to = g_date_valid (&self->custom_to) ? ccal_date_format (&self->custom_to) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from != NULL ? from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to != NULL ? to : "");
  gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->to_entry), "error");
  self->updating_controls = FALSE;
}

static void
update_timezone (CcalBookingsPage *self)
{
  g_autofree char *tzid = g_settings_get_string (self->settings, "display-timezone");

  /* As the window reads it: the system's zone when none is set or it is unknown. */
  if (tzid[0] == '\0' || !ccal_time_zone_is_known (tzid))
    {
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();

      g_free (tzid);
      tzid = g_strdup (g_time_zone_get_identifier (local));
      if (!ccal_time_zone_is_known (tzid))
        {
          g_free (tzid);
          tzid = g_strdup ("UTC");
        }
    }
  g_free (self->timezone);
  self->timezone = g_steal_pointer (&tzid);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_new_identifier (self->timezone);
  if (self->zone == NULL)
    self->zone = g_time_zone_new_utc ();
  self->use_24h = g_settings_get_boolean (self->settings, "use-24h");
}

static void
on_settings_changed_cb (CcalBookingsPage *self)
{
  update_timezone (self);
  /* "Upcoming" starts at today's midnight in the zone; the shown times change too. */
  apply_filter (self);
}

/* ── CSV ──────────────────────────────────────────────────────────────────────────────────── */

static void
append_csv_row (CcalBookingsPage *self,
                GString          *out,
                CcalBooking      *booking)
{
  g_autoptr (GDateTime) start = local_time (self, booking->start_time);
  g_autoptr (GDateTime) end = local_time (self, booking->end_time);
  g_autofree char *date = start != NULL ? g_date_time_format (start, "%Y-%m-%d") : NULL;
  g_autofree char *start_text = start != NULL ? g_date_time_format (start, "%H:%M") : NULL;
  g_autofree char *end_text = end != NULL ? g_date_time_format (end, "%H:%M") : NULL;
  CcalContact *contact = booking->contact;
  const char *fields[] = {
    date, start_text, end_text,
    contact != NULL ? contact->name : NULL,
    contact != NULL ? contact->email : NULL,
    contact != NULL ? contact->phone : NULL,
    booking->product_interest,
    status_label (booking->status),
    source_label (booking->source),
    booked_by_label (self, booking),
  };

  ccal_csv_append_row (out, fields, G_N_ELEMENTS (fields));
}

gboolean
ccal_bookings_page_write_csv (CcalBookingsPage *self,
                              GFile            *file,
                              GError          **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GArray) keys = NULL;
  g_autofree char *time_header = NULL;
  g_autofree char *end_header = NULL;
  CcalCache *cache;
  const char *header[10];

  g_return_val_if_fail (CCAL_IS_BOOKINGS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cache = ccal_account_get_cache (self->account);
  /* The same keys as the list: the same rows in the same order. */
  keys = ccal_cache_list_booking_keys (cache, ccal_booking_list_model_get_filter (self->model), error);
  if (keys == NULL)
    return FALSE;

  /* Translators: CSV column headers; %s is the time zone the times are in */
  time_header = g_strdup_printf (_("Start (%s)"), self->timezone);
  end_header = g_strdup_printf (_("End (%s)"), self->timezone);
  header[0] = _("Date");
  header[1] = time_header;
  header[2] = end_header;
  header[3] = _("Contact");
  header[4] = _("E-mail");
  header[5] = _("Phone");
  header[6] = _("Product interest");
  header[7] = _("Status");
  header[8] = _("Source");
  header[9] = _("Booked by");
  ccal_csv_append_row (out, header, G_N_ELEMENTS (header));

  for (guint first = 0; first < keys->len; first += CSV_CHUNK)
    {
      guint n = MIN (CSV_CHUNK, keys->len - first);
      CcalBooking *bookings[CSV_CHUNK];

      if (!ccal_cache_fetch_bookings (cache, &g_array_index (keys, gint64, first), n, bookings, NULL, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          if (bookings[i] != NULL)
            append_csv_row (self, out, bookings[i]);
          g_clear_object (&bookings[i]);
        }
    }

  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

static void
on_chooser_response_cb (GtkNativeDialog  *chooser,
                        int               response,
                        CcalBookingsPage *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  AdwToast *toast;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (ccal_bookings_page_write_csv (self, file, &error))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
      g_autofree char *title = g_strdup_printf (ngettext ("%'u booking exported",
                                                             "%'u bookings exported", n), n);

      toast = adw_toast_new (title);
    }
  else
    {
      g_autofree char *name = g_file_get_parse_name (file);
      /* Translators: %s is the file */
      g_autofree char *title = g_strdup_printf (_("Could not save %s: %s"), name, error->message);

      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
    }
  /* The template's root: not bound, as gtk_widget_dispose_template () would unparent it behind AdwBin's back. */
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self))), toast);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CcalBookingsPage *self = CCAL_BOOKINGS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GDateTime) now = g_date_time_new_now (self->zone);
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the suggested file name of an export; %s is today's date */
  g_autofree char *name = g_strdup_printf (_("bookings-%s.csv"), day);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Bookings"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ccal_bookings_page_clear_filters (CCAL_BOOKINGS_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CCAL_BOOKINGS_PAGE (widget)->search_entry));
}

/* ── GObject ──────────────────────────────────────────────────────────────────────────────── */

static void
ccal_bookings_page_dispose (GObject *object)
{
  CcalBookingsPage *self = CCAL_BOOKINGS_PAGE (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->column_view != NULL)
    {
      GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

      if (sorter != NULL)
        g_signal_handlers_disconnect_by_data (sorter, self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_BOOKINGS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  g_clear_object (&self->account);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);

  G_OBJECT_CLASS (ccal_bookings_page_parent_class)->dispose (object);
}

static void
ccal_bookings_page_finalize (GObject *object)
{
  CcalBookingsPage *self = CCAL_BOOKINGS_PAGE (object);

  g_free (self->timezone);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->search);
  g_free (self->count_text);
  g_free (self->selected_id);

  G_OBJECT_CLASS (ccal_bookings_page_parent_class)->finalize (object);
}

static void
ccal_bookings_page_class_init (CcalBookingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_bookings_page_dispose;
  object_class->finalize = ccal_bookings_page_finalize;

  signals[SIGNAL_BOOKING_SELECTED] =
    g_signal_new ("booking-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/customerconnects/Calendar/ccal-bookings-page.ui");
  gtk_widget_class_set_css_name (widget_class, "bookingspage");
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, chips_box);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, custom_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, range_error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingsPage, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_range_changed_cb);

  gtk_widget_class_install_action (widget_class, "bookings.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "bookings.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "bookings.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "bookings.export-csv", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "bookings.search", NULL);
}

static void
ccal_bookings_page_init (CcalBookingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->probed_column = -1;
  self->range = CCAL_BOOKINGS_RANGE_UPCOMING;
  self->sort = CCAL_CACHE_BOOKING_SORT_START;
  g_date_clear (&self->custom_from, 1);
  g_date_clear (&self->custom_to, 1);
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);

  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      CcalBookingStatus status = chip_order[i];
      GtkWidget *chip = gtk_toggle_button_new_with_label (status_label (status));
      /* Translators: the accessible name of a filter chip; %s is a status such as "Pending" */
      g_autofree char *description = g_strdup_printf (_("Show only %s bookings (with the other chips on)"),
                                                      status_label (status));

      gtk_widget_add_css_class (chip, "status-chip");
      gtk_widget_add_css_class (chip, status_classes[status]);
      gtk_widget_set_tooltip_text (chip, description);
      g_signal_connect_swapped (chip, "toggled", G_CALLBACK (on_chip_toggled_cb), self);
      gtk_box_append (self->chips_box, chip);
      self->chips[status] = GTK_TOGGLE_BUTTON (chip);
    }

  add_column (self, COLUMN_WHEN, _("Date & Time"), FALSE, 190);
  add_column (self, COLUMN_CONTACT, _("Contact"), TRUE, 0);
  add_column (self, COLUMN_PHONE, _("Phone"), FALSE, 140);
  add_column (self, COLUMN_PRODUCT, _("Product Interest"), TRUE, 0);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE, 115);
  add_column (self, COLUMN_SOURCE, _("Source"), FALSE, 105);
  add_column (self, COLUMN_BOOKED_BY, _("Booked By"), FALSE, 115);
}

GtkWidget *
ccal_bookings_page_new (CcalAccount *account)
{
  CcalCacheBookingFilter filter;
  CcalBookingsPage *self;
  GtkSorter *sorter;

  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);

  self = g_object_new (CCAL_TYPE_BOOKINGS_PAGE, NULL);
  self->account = g_object_ref (account);
  self->settings = g_settings_new (APP_ID);
  update_timezone (self);
  g_signal_connect_object (self->settings, "changed::display-timezone", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::use-24h", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  build_filter (self, &filter);
  self->model = ccal_booking_list_model_new (ccal_account_get_cache (account), ccal_account_get_sync (account),
                                             &filter);
  g_signal_connect_swapped (self->model, "changing", G_CALLBACK (on_model_changing_cb), self);
  g_signal_connect_swapped (self->model, "changed", G_CALLBACK (on_model_changed_cb), self);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  sorter = gtk_column_view_get_sorter (self->column_view);
  gtk_column_view_sort_by_column (self->column_view, self->columns[COLUMN_WHEN], GTK_SORT_ASCENDING);
  g_signal_connect (sorter, "changed", G_CALLBACK (on_sorter_changed_cb), self);

  update_count_and_state (self, NULL);
  return GTK_WIDGET (self);
}

/* ── API ──────────────────────────────────────────────────────────────────────────────────── */

const char *
ccal_bookings_page_get_selected_id (CcalBookingsPage *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKINGS_PAGE (self), NULL);

  return self->selected_id;
}

gboolean
ccal_bookings_page_select_id (CcalBookingsPage *self,
                              const char       *id)
{
  guint n;

  g_return_val_if_fail (CCAL_IS_BOOKINGS_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (id != NULL)
    {
      /* The rows built so far first (what is on screen); a page at a time after that. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (CcalBooking) booking = g_list_model_get_item (G_LIST_MODEL (self->model), i);

          if (g_strcmp0 (booking->id, id) == 0)
            {
              gtk_single_selection_set_selected (self->selection, i);
              on_selection_changed_cb (self);
              return TRUE;
            }
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  on_selection_changed_cb (self);
  return FALSE;
}

void
ccal_bookings_page_set_search (CcalBookingsPage *self,
                               const char       *text)
{
  g_return_if_fail (CCAL_IS_BOOKINGS_PAGE (self));

  if (g_strcmp0 (text, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  sync_controls (self);
  apply_filter (self);
}

void
ccal_bookings_page_set_statuses (CcalBookingsPage *self,
                                 guint             statuses)
{
  g_return_if_fail (CCAL_IS_BOOKINGS_PAGE (self));

  self->statuses = statuses & ((1u << CCAL_N_BOOKING_STATUSES) - 1);
  sync_controls (self);
  apply_filter (self);
}

void
ccal_bookings_page_set_range (CcalBookingsPage  *self,
                              CcalBookingsRange  range,
                              const GDate       *from,
                              const GDate       *to)
{
  g_return_if_fail (CCAL_IS_BOOKINGS_PAGE (self));
  g_return_if_fail (range <= CCAL_BOOKINGS_RANGE_CUSTOM);

  self->range = range;
  g_date_clear (&self->custom_from, 1);
  g_date_clear (&self->custom_to, 1);
  if (range == CCAL_BOOKINGS_RANGE_CUSTOM && from != NULL && g_date_valid (from))
    self->custom_from = *from;
  if (range == CCAL_BOOKINGS_RANGE_CUSTOM && to != NULL && g_date_valid (to))
    self->custom_to = *to;
  sync_controls (self);
  apply_filter (self);
}

void
ccal_bookings_page_clear_filters (CcalBookingsPage *self)
{
  g_return_if_fail (CCAL_IS_BOOKINGS_PAGE (self));

  g_clear_pointer (&self->search, g_free);
  self->statuses = 0;
  self->range = CCAL_BOOKINGS_RANGE_ALL;
  g_date_clear (&self->custom_from, 1);
  g_date_clear (&self->custom_to, 1);
  sync_controls (self);
  apply_filter (self);
}

CcalBookingListModel *
ccal_bookings_page_get_model (CcalBookingsPage *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKINGS_PAGE (self), NULL);

  return self->model;
}

const char *
ccal_bookings_page_get_count_text (CcalBookingsPage *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKINGS_PAGE (self), NULL);

  return self->count_text;
}
