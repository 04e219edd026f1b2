/* ccal-window.c — the main window: welcome page or the calendar (Events | Admin Dashboard)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>

#include "ccal-application.h"
#include "ccal-booking-dialog.h"
#include "ccal-credentials.h"
#include "ccal-dashboard.h"
#include "ccal-date-util.h"
#include "ccal-event-editor.h"
#include "ccal-ical-export-dialog.h"
#include "ccal-ical-import-dialog.h"
#include "ccal-month-view.h"
#include "ccal-occurrence.h"
#include "ccal-sync-state.h"
#include "ccal-time.h"
#include "ccal-week-view.h"
#include "ccal-welcome-page.h"
#include "ccal-window.h"

struct _CcalWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkSpinner           *loading_spinner;
  CcalWelcomePage      *welcome_page;
  AdwHeaderBar         *header_bar;
  GtkWidget            *navigation_box;
  GtkMenuButton        *date_button;
  GtkLabel             *date_label;
  GtkPopover           *date_popover;
  GtkCalendar          *calendar;
  GtkWidget            *view_toggle_box;
  GtkWidget            *search_button;
  CcalSyncState        *sync_state;
  GtkRevealer          *notice_revealer;
  GtkImage             *notice_icon;
  GtkLabel             *notice_label;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  AdwViewStack         *view_stack;
  GtkStack             *events_stack;
  GtkStack             *search_stack;
  GtkListBox           *search_list;
  AdwBin               *dashboard_bin;

  /* borrowed: children of events_stack */
  GtkWidget            *week_view;
  GtkWidget            *month_view;

  /* owned */
  GSettings            *settings;
  CcalAccount          *account;
  GCancellable         *cancellable;    /* for the window's lifetime */
  GCancellable         *open_cancellable; /* the credential lookup of ccal_window_open_server () */
  char                 *timezone;
  char                 *date_text;
  GDate                 date;
  CcalView              view;
  CcalView              events_view;    /* week or month: what the Events tab returns to */
  GHashTable           *pending_deletes;  /* event id → CcalEvent, hidden until the undo toast goes */
  guint                 reload_idle_id;
  gboolean              updating_calendar;
  gboolean              new_booking_requested; /* open the booking form once an account is open */
};

G_DEFINE_FINAL_TYPE (CcalWindow, ccal_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_VIEW,
  PROP_DATE,
  PROP_TIMEZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Actions that need a signed-in account. */
static const char * const account_actions[] = {
  "win.view", "win.show-events", "win.today", "win.previous", "win.next",
  "win.new-event", "win.new-booking", "win.import", "win.export", "win.search", "win.sync", "win.sign-out",
};

static void     reload_views (CcalWindow *self);
static void     present_booking_dialog (CcalWindow *self,
                                        gint64      start);
static gboolean is_staff     (CcalWindow *self);

/* ── the views ─────────────────────────────────────────────────────────────────────────────── */

static void on_view_create_event_cb        (CcalWindow     *self,
                                            gint64          start,
                                            gint64          end);
static void on_view_activate_occurrence_cb (CcalWindow     *self,
                                            CcalOccurrence *occurrence);
static void on_month_view_activate_day_cb  (CcalWindow     *self,
                                            GDate          *date);
static void on_week_view_move_occurrence_cb (CcalWindow    *self,
                                             CcalOccurrence *occurrence,
                                             gint64          start,
                                             gint64          end);

static GtkWidget *
create_week_view (CcalWindow *self)
{
  GtkWidget *view = GTK_WIDGET (ccal_week_view_new ());

  g_signal_connect_object (view, "create-event", G_CALLBACK (on_view_create_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "activate-occurrence", G_CALLBACK (on_view_activate_occurrence_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "move-occurrence", G_CALLBACK (on_week_view_move_occurrence_cb), self,
                           G_CONNECT_SWAPPED);
  return view;
}

static GtkWidget *
create_month_view (CcalWindow *self)
{
  GtkWidget *view = GTK_WIDGET (ccal_month_view_new ());

  g_signal_connect_object (view, "activate-day", G_CALLBACK (on_month_view_activate_day_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "activate-occurrence", G_CALLBACK (on_view_activate_occurrence_cb), self,
                           G_CONNECT_SWAPPED);
  return view;
}

/* 0 = Sunday … 6 = Saturday, from the setting or, for "locale", from glibc's locale data
 * (as GNOME Calendar does). */
static int
get_first_weekday (CcalWindow *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "first-weekday");

  if (g_str_equal (setting, "monday"))
    return 1;
  if (g_str_equal (setting, "sunday"))
    return 0;
  if (g_str_equal (setting, "saturday"))
    return 6;

#ifdef _NL_TIME_FIRST_WEEKDAY
  {
    union { unsigned int word; char *string; } langinfo;
    int first_weekday;
    int week_1stday = 0;
    guint week_origin;

    langinfo.string = nl_langinfo (_NL_TIME_FIRST_WEEKDAY);
    first_weekday = langinfo.string[0];
    langinfo.string = nl_langinfo (_NL_TIME_WEEK_1STDAY);
    week_origin = langinfo.word;
    if (week_origin == 19971130)      /* a Sunday */
      week_1stday = 0;
    else if (week_origin == 19971201) /* a Monday */
      week_1stday = 1;
    else
      return 1;
    return (week_1stday + first_weekday - 1 + 7) % 7;
  }
#else
  return 1;
#endif
}

static void
get_week_start (CcalWindow  *self,
                const GDate *date,
                GDate       *out_start)
{
  int weekday = g_date_get_weekday (date) % 7;   /* G_DATE_SUNDAY (7) → 0 */
  int offset = (weekday - get_first_weekday (self) + 7) % 7;

  *out_start = *date;
  g_date_subtract_days (out_start, offset);
}

void
ccal_window_get_visible_days (CcalWindow *self,
                              GDate      *out_first,
                              guint      *out_n_days)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));
  g_return_if_fail (out_first != NULL);

  if (self->events_view == CCAL_VIEW_MONTH)
    {
      GDate first_of_month = self->date;

      g_date_set_day (&first_of_month, 1);
      get_week_start (self, &first_of_month, out_first);
      if (out_n_days != NULL)
        *out_n_days = 42;
    }
  else
    {
      get_week_start (self, &self->date, out_first);
      if (out_n_days != NULL)
        *out_n_days = 7;
    }
}

static char *
format_date (const GDate *date,
             const char  *format)
{
  char buffer[128];

  if (g_date_strftime (buffer, sizeof buffer, format, date) == 0)
    return g_strdup ("");
  return g_strstrip (g_strdup (buffer));
}

static void
update_date_label (CcalWindow *self)
{
  g_autofree char *text = NULL;

  if (self->events_view == CCAL_VIEW_MONTH)
    {
      /* Translators: the month shown, see strftime(3), e.g. "November 2026" */
      text = format_date (&self->date, _("%B %Y"));
    }
  else
    {
      g_autofree char *first_text = NULL;
      g_autofree char *last_text = NULL;
      GDate first, last;

      ccal_window_get_visible_days (self, &first, NULL);
      last = first;
      g_date_add_days (&last, 6);

      /* Translators: the first day of a week shown as "23 – 29 Nov 2026" or "28 Dec – 3 Jan 2027",
       * see strftime(3); the year is only given once to keep the header short. */
      if (g_date_get_month (&first) != g_date_get_month (&last))
        first_text = format_date (&first, _("%e %b"));
      else
        first_text = format_date (&first, _("%e"));
      last_text = format_date (&last, _("%e %b %Y"));
      /* Translators: a range of days, "23 – 29 Nov 2026" */
      text = g_strdup_printf (_("%s – %s"), first_text, last_text);
    }

  g_free (self->date_text);
  self->date_text = g_steal_pointer (&text);
  gtk_label_set_label (self->date_label, self->date_text);
}

static void
update_timezone (CcalWindow *self)
{
  g_autofree char *tzid = g_settings_get_string (self->settings, "display-timezone");

  if (tzid[0] == '\0' || !ccal_time_zone_is_known (tzid))
    {
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();

      g_free (tzid);
      tzid = g_strdup (g_time_zone_get_identifier (local));
      /* "Local" or a path when the system's zone has no IANA name. */
      if (!ccal_time_zone_is_known (tzid))
        {
          g_free (tzid);
          tzid = g_strdup ("UTC");
        }
    }

  if (g_strcmp0 (tzid, self->timezone) == 0)
    return;
  g_free (self->timezone);
  self->timezone = g_steal_pointer (&tzid);
  reload_views (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEZONE]);
}

/* Settings the views show, pushed to both. */
static void
update_view_settings (CcalWindow *self)
{
  int first_weekday = get_first_weekday (self);
  gboolean use_24h = g_settings_get_boolean (self->settings, "use-24h");

  g_object_set (self->week_view, "first-weekday", first_weekday, "use-24h", use_24h, NULL);
  g_object_set (self->month_view, "first-weekday", first_weekday, "use-24h", use_24h, NULL);
  ccal_week_view_set_timezone (CCAL_WEEK_VIEW (self->week_view), self->timezone);
  ccal_month_view_set_timezone (CCAL_MONTH_VIEW (self->month_view), self->timezone);
}

/* What the visible view shows, read from the account's cache: the signed-in person's calendar
 * (their admin's), or the whole workspace when the server named none. */
static void
reload_views (CcalWindow *self)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (GPtrArray) occurrences = NULL;
  g_autoptr (GListStore) model = NULL;
  g_autoptr (GError) error = NULL;
  const CcalMe *me;
  const char *admin_id;
  CcalCache *cache;
  gint64 from, to;

  if (self->week_view == NULL || self->timezone == NULL || !g_date_valid (&self->date))
    return;

  update_view_settings (self);
  ccal_week_view_set_date (CCAL_WEEK_VIEW (self->week_view), &self->date);
  ccal_month_view_set_date (CCAL_MONTH_VIEW (self->month_view), &self->date);

  model = g_list_store_new (CCAL_TYPE_OCCURRENCE);
  if (self->account != NULL)
    {
      if (self->events_view == CCAL_VIEW_MONTH)
        ccal_month_view_get_range (CCAL_MONTH_VIEW (self->month_view), &from, &to);
      else
        ccal_week_view_get_range (CCAL_WEEK_VIEW (self->week_view), &from, &to);

      cache = ccal_account_get_cache (self->account);
      me = ccal_account_get_me (self->account);
      admin_id = me != NULL ? me->admin_id : NULL;
      events = ccal_cache_query_events (cache, from, to, admin_id, &error);
      if (events != NULL)
        bookings = ccal_cache_query_bookings (cache, from, to, admin_id, &error);
      if (bookings != NULL)
        occurrences = ccal_occurrences_for_range (events, bookings, from, to, &error);
      if (occurrences != NULL)
        {
          for (guint i = 0; i < occurrences->len; i++)
            {
              CcalOccurrence *occurrence = g_ptr_array_index (occurrences, i);

              if (occurrence->kind != CCAL_OCCURRENCE_EVENT ||
                  !g_hash_table_contains (self->pending_deletes, occurrence->id))
                g_list_store_append (model, occurrence);
            }
        }
      else
        {
          g_autofree char *message =
            /* Translators: %s says why */
            g_strdup_printf (_("The calendar could not be read from this computer’s copy: %s"), error->message);

          ccal_window_add_toast (self, adw_toast_new (message));
        }
    }

  if (self->events_view == CCAL_VIEW_MONTH)
    ccal_month_view_set_model (CCAL_MONTH_VIEW (self->month_view), G_LIST_MODEL (model));
  else
    ccal_week_view_set_model (CCAL_WEEK_VIEW (self->week_view), G_LIST_MODEL (model));
}

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  CcalWindow *self = CCAL_WINDOW (user_data);

  self->reload_idle_id = 0;
  reload_views (self);
  return G_SOURCE_REMOVE;
}

/* A pull brings changes page by page: redraw once per burst. */
static void
on_sync_objects_changed_cb (CcalWindow *self)
{
  if (self->reload_idle_id == 0)
    self->reload_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_reload_idle_cb, self, NULL);
}

/* ── editing ───────────────────────────────────────────────────────────────────────────────── */

/* Takes @message. */
static void
show_error_toast (CcalWindow *self,
                  char       *message)
{
  g_autofree char *owned = message;
  AdwToast *toast = adw_toast_new (owned);

  adw_toast_set_timeout (toast, 8);
  ccal_window_add_toast (self, toast);
}

static void
delete_now (CcalWindow *self,
            const char *event_id)
{
  g_autoptr (GError) error = NULL;

  if (self->account == NULL)
    return;
  if (!ccal_sync_delete_event (ccal_account_get_sync (self->account), event_id, &error))
    /* Translators: %s says why */
    show_error_toast (self, g_strdup_printf (_("The event could not be deleted: %s"), error->message));
}

static void
on_delete_toast_undo_cb (AdwToast   *toast,
                         CcalWindow *self)
{
  const char *event_id = g_object_get_data (G_OBJECT (toast), "event-id");

  g_hash_table_remove (self->pending_deletes, event_id);
  g_object_set_data (G_OBJECT (toast), "undone", GINT_TO_POINTER (TRUE));
  reload_views (self);
}

static void
on_delete_toast_dismissed_cb (AdwToast   *toast,
                              CcalWindow *self)
{
  const char *event_id = g_object_get_data (G_OBJECT (toast), "event-id");

  if (g_object_get_data (G_OBJECT (toast), "undone") != NULL ||
      !g_hash_table_remove (self->pending_deletes, event_id))
    return;
  delete_now (self, event_id);
}

/* Deleting waits for the undo toast to go: until then the event is only hidden (GNOME Calendar does
 * the same), so Undo needs nothing from the server. */
static void
on_editor_delete_requested_cb (CcalWindow *self,
                               CcalEvent  *event)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_hash_table_insert (self->pending_deletes, g_strdup (event->id), g_object_ref (event));
  reload_views (self);

  /* Translators: %s is the event's title */
  title = g_strdup_printf (_("“%s” deleted"), event->title != NULL ? event->title : _("Untitled"));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "event-id", g_strdup (event->id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_delete_toast_undo_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed_cb), self, 0);
  ccal_window_add_toast (self, toast);
}

static void
present_editor (CcalWindow      *self,
                CcalEventEditor *editor)
{
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "delete-requested", G_CALLBACK (on_editor_delete_requested_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Is [@start, @end) inside an availability window with nothing booked, blocked or scheduled over
 * it, as far as this computer's copy knows? (The booking dialog asks the server.) */
static gboolean
is_free_slot (CcalWindow *self,
              gint64      start,
              gint64      end)
{
  CcalCache *cache = ccal_account_get_cache (self->account);
  const CcalMe *me = ccal_account_get_me (self->account);
  const char *admin_id = me != NULL ? me->admin_id : NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (GPtrArray) occurrences = NULL;
  gboolean available = FALSE;

  events = ccal_cache_query_events (cache, start, end, admin_id, NULL);
  bookings = events != NULL ? ccal_cache_query_bookings (cache, start, end, admin_id, NULL) : NULL;
  occurrences = bookings != NULL ? ccal_occurrences_for_range (events, bookings, start, end, NULL) : NULL;
  if (occurrences == NULL)
    return FALSE;

  for (guint i = 0; i < occurrences->len; i++)
    {
      CcalOccurrence *occurrence = g_ptr_array_index (occurrences, i);

      if (ccal_occurrence_is_cancelled (occurrence) || occurrence->all_day)
        continue;
      if (occurrence->kind == CCAL_OCCURRENCE_EVENT && occurrence->event_type == CCAL_EVENT_TYPE_AVAILABILITY)
        available |= occurrence->start <= start && occurrence->end >= end;
      else if (occurrence->start < end && occurrence->end > start)
        return FALSE;
    }
  return available;
}

/* A click or drag on empty time: a free bookable slot is booked for a caller (staff cannot write
 * events at all); anywhere else an admin makes an event. */
static void
on_view_create_event_cb (CcalWindow *self,
                         gint64      start,
                         gint64      end)
{
  if (self->account == NULL)
    return;
  if (is_staff (self) || is_free_slot (self, start, end))
    present_booking_dialog (self, start);
  else
    present_editor (self, ccal_event_editor_new_for_range (self->account, self->timezone, start, end, FALSE));
}

static void
on_view_activate_occurrence_cb (CcalWindow     *self,
                                CcalOccurrence *occurrence)
{
  g_autoptr (CcalEvent) event = NULL;
  g_autoptr (GError) error = NULL;

  /* Bookings open in the booking dialog, which is not part of this window yet. */
  if (self->account == NULL || occurrence->kind != CCAL_OCCURRENCE_EVENT)
    return;

  event = ccal_cache_get_event (ccal_account_get_cache (self->account), occurrence->id, &error);
  if (event == NULL)
    {
      show_error_toast (self, g_strdup_printf (_("The event could not be opened: %s"), error->message));
      return;
    }
  present_editor (self, ccal_event_editor_new_for_event (self->account, self->timezone, event));
}

/* A block dragged or resized in the week: the change goes through the engine like an edit. */
static void
on_week_view_move_occurrence_cb (CcalWindow     *self,
                                 CcalOccurrence *occurrence,
                                 gint64          start,
                                 gint64          end)
{
  g_autoptr (GError) error = NULL;
  CcalSync *sync;

  if (self->account == NULL)
    return;
  sync = ccal_account_get_sync (self->account);

  if (occurrence->kind == CCAL_OCCURRENCE_BOOKING)
    {
      g_autoptr (JsonObject) changes = json_object_new ();
      g_autofree char *start_text = ccal_time_format_rfc3339 (start);

      json_object_set_string_member (changes, "start_time", start_text);
      json_object_set_int_member (changes, "duration_minutes", (end - start) / CCAL_USEC_PER_MINUTE);
      if (!ccal_sync_update_booking (sync, occurrence->id, changes, &error))
        show_error_toast (self, g_strdup_printf (_("The booking could not be moved: %s"), error->message));
    }
  else if (occurrence->recurring)
    {
      ccal_window_add_toast (self, adw_toast_new (_("Repeating events are changed in the editor")));
    }
  else
    {
      g_autoptr (CcalEvent) event = ccal_cache_get_event (ccal_account_get_cache (self->account), occurrence->id,
                                                          &error);

      if (event != NULL)
        {
          event->start_time = start;
          event->end_time = end;
        }
      if (event == NULL || !ccal_sync_save_event (sync, event, NULL, &error))
        show_error_toast (self, g_strdup_printf (_("The event could not be moved: %s"), error->message));
    }
  reload_views (self);
}

static void
on_sync_push_failed_cb (CcalWindow *self,
                        int         collection,
                        const char *id,
                        const char *reason)
{
  g_autofree char *message =
    /* Translators: %s is the server's reason, e.g. "That time is no longer available." */
    g_strdup_printf (_("A change was refused by the server: %s"), reason);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 10);
  ccal_window_add_toast (self, toast);
}

static void
on_conflict_toast_keep_mine_cb (AdwToast   *toast,
                                CcalWindow *self)
{
  g_autoptr (GError) error = NULL;

  g_object_set_data (G_OBJECT (toast), "resolved", GINT_TO_POINTER (TRUE));
  if (self->account != NULL &&
      !ccal_sync_resolve_conflict (ccal_account_get_sync (self->account),
                                   GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toast), "collection")),
                                   g_object_get_data (G_OBJECT (toast), "object-id"),
                                   CCAL_CACHE_RESOLVE_KEEP_MINE, &error))
    show_error_toast (self, g_strdup_printf (_("Your change could not be sent again: %s"), error->message));
}

static void
on_conflict_toast_dismissed_cb (AdwToast   *toast,
                                CcalWindow *self)
{
  if (g_object_get_data (G_OBJECT (toast), "resolved") != NULL || self->account == NULL)
    return;
  /* Not kept: the other change stands. */
  ccal_sync_resolve_conflict (ccal_account_get_sync (self->account),
                              GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toast), "collection")),
                              g_object_get_data (G_OBJECT (toast), "object-id"),
                              CCAL_CACHE_RESOLVE_TAKE_THEIRS, NULL);
}

static void
on_sync_conflict_cb (CcalWindow *self,
                     int         collection,
                     const char *id)
{
  AdwToast *toast = adw_toast_new (_("Someone else changed this at the same time: their version is shown"));

  adw_toast_set_button_label (toast, _("_Keep Mine"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data (G_OBJECT (toast), "collection", GINT_TO_POINTER (collection));
  g_object_set_data_full (G_OBJECT (toast), "object-id", g_strdup (id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_conflict_toast_keep_mine_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_conflict_toast_dismissed_cb), self, 0);
  ccal_window_add_toast (self, toast);
}

static void
on_month_view_activate_day_cb (CcalWindow *self,
                               GDate      *date)
{
  ccal_window_set_date (self, date);
  ccal_window_set_view (self, CCAL_VIEW_WEEK);
}

/* ── header, notice, dashboard ─────────────────────────────────────────────────────────────── */

static gboolean
is_staff (CcalWindow *self)
{
  const CcalMe *me = self->account != NULL ? ccal_account_get_me (self->account) : NULL;

  return me != NULL && me->role == CCAL_ROLE_STAFF;
}

static void
update_header (CcalWindow *self)
{
  gboolean events = self->view != CCAL_VIEW_DASHBOARD;

  gtk_widget_set_visible (self->navigation_box, events);
  gtk_widget_set_visible (self->view_toggle_box, events);
  gtk_widget_set_visible (self->search_button, events);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.today", events && self->account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous", events && self->account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next", events && self->account != NULL);
  /* Only admins write events (the server refuses staff keys); staff still open them to read. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-event", self->account != NULL && !is_staff (self));
}

static char *
format_instant (CcalWindow *self,
                gint64      usec)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (self->timezone);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = NULL;
  gboolean use_24h = g_settings_get_boolean (self->settings, "use-24h");

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (utc, zone);
  /* Translators: a date and time such as "24 November, 14:05" (24-hour) or "24 November, 2:05 PM";
   * see g_date_time_format() */
  return g_date_time_format (local, use_24h ? _("%e %B, %H:%M") : _("%e %B, %l:%M %p"));
}

static void
update_notice (CcalWindow *self)
{
  g_autofree char *text = NULL;
  const char *icon_name = "network-offline-symbolic";

  if (self->account == NULL)
    {
      gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
      return;
    }

  switch (ccal_account_get_status (self->account))
    {
    case CCAL_SYNC_STATUS_OFFLINE:
      {
        gint64 last_synced = ccal_account_get_last_synced (self->account);

        if (last_synced > 0)
          {
            g_autofree char *when = format_instant (self, last_synced);

            g_strstrip (when);
            /* Translators: %s is a date and time such as "24 November, 14:05" */
            text = g_strdup_printf (_("Offline — showing the schedule as of %s"), when);
          }
        else
          text = g_strdup (_("Offline — no copy of the schedule has been downloaded to this computer yet"));
      }
      break;

    case CCAL_SYNC_STATUS_FAILED:
      icon_name = "dialog-warning-symbolic";
      text = g_strdup (ccal_account_get_status_message (self->account));
      break;

    case CCAL_SYNC_STATUS_IDLE:
    case CCAL_SYNC_STATUS_SYNCING:
    default:
      break;
    }

  if (text != NULL)
    {
      gtk_label_set_label (self->notice_label, text);
      gtk_image_set_from_icon_name (self->notice_icon, icon_name);
    }
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
}

/* The dashboard belongs to the account: it is made the first time its tab is shown (opening the
 * window does not pay for it) and dropped with the account. */
static void
update_dashboard (CcalWindow *self)
{
  GtkWidget *dashboard = adw_bin_get_child (self->dashboard_bin);

  if (dashboard != NULL && (self->account == NULL ||
                            ccal_dashboard_get_account (CCAL_DASHBOARD (dashboard)) != self->account))
    {
      adw_bin_set_child (self->dashboard_bin, NULL);
      dashboard = NULL;
    }
  if (dashboard == NULL && self->account != NULL && self->view == CCAL_VIEW_DASHBOARD)
    {
      dashboard = ccal_dashboard_new (self->account);
      g_object_bind_property (self, "timezone", dashboard, "timezone", G_BINDING_SYNC_CREATE);
      adw_bin_set_child (self->dashboard_bin, dashboard);
    }
}

static void
on_account_notify_cb (CcalWindow *self,
                      GParamSpec *pspec)
{
  update_notice (self);
  update_dashboard (self);
  if (g_strcmp0 (pspec->name, "me") == 0)
    {
      update_header (self);
      /* The calendar shown is the signed-in person's: it may only be known now. */
      reload_views (self);
    }
}

void
ccal_window_add_toast (CcalWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ── account ───────────────────────────────────────────────────────────────────────────────── */

/* Deletions still waiting on their undo toast happen now (signing out, closing). */
static void
flush_pending_deletes (CcalWindow *self)
{
  g_autoptr (GList) ids = g_hash_table_get_keys (self->pending_deletes);

  g_hash_table_steal_all (self->pending_deletes);
  for (GList *l = ids; l != NULL; l = l->next)
    delete_now (self, l->data);
  g_list_free_full (g_steal_pointer (&ids), g_free);
}

static void
set_actions_enabled (CcalWindow *self,
                     gboolean    enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (account_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), account_actions[i], enabled);
  update_header (self);
}

void
ccal_window_set_account (CcalWindow  *self,
                         CcalAccount *account)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));
  g_return_if_fail (account == NULL || CCAL_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  flush_pending_deletes (self);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->account, self);
      g_signal_handlers_disconnect_by_data (ccal_account_get_sync (self->account), self);
      g_settings_unbind (self->account, "sync-interval");
      /* No more periodic syncs for an account this window no longer shows. */
      ccal_account_set_sync_interval (self->account, 0);
    }
  g_set_object (&self->account, account);
  ccal_sync_state_set_account (self->sync_state, account);

  if (account != NULL)
    {
      g_signal_connect_object (account, "notify", G_CALLBACK (on_account_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (ccal_account_get_sync (account), "objects-changed",
                               G_CALLBACK (on_sync_objects_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (ccal_account_get_sync (account), "push-failed",
                               G_CALLBACK (on_sync_push_failed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (ccal_account_get_sync (account), "conflict",
                               G_CALLBACK (on_sync_conflict_cb), self, G_CONNECT_SWAPPED);
      g_settings_bind (self->settings, "sync-interval", account, "sync-interval", G_SETTINGS_BIND_GET);
      ccal_welcome_page_reset (self->welcome_page);
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "calendar");
    }
  else
    gtk_stack_set_visible_child_name (self->main_stack, "welcome");

  set_actions_enabled (self, account != NULL);
  update_notice (self);
  update_dashboard (self);
  reload_views (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);

  if (account != NULL)
    ccal_account_request_sync (account);
  if (account != NULL && self->new_booking_requested)
    ccal_window_request_new_booking (self);
}

CcalAccount *
ccal_window_get_account (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return self->account;
}

void
ccal_window_show_welcome (CcalWindow *self,
                          const char *server_url,
                          const char *notice)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));

  g_cancellable_cancel (self->open_cancellable);
  ccal_window_set_account (self, NULL);
  ccal_welcome_page_reset (self->welcome_page);
  if (server_url != NULL)
    ccal_welcome_page_set_server_url (self->welcome_page, server_url);
  ccal_welcome_page_set_notice (self->welcome_page, notice);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
}

static gboolean
sign_in (CcalWindow   *self,
         const char   *server_url,
         const char   *token,
         const CcalMe *me)
{
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GError) error = NULL;

  account = ccal_account_new (server_url, token, &error);
  if (account == NULL)
    {
      g_autofree char *notice = NULL;

      if (error->domain == CCAL_API_ERROR)
        notice = g_strdup_printf (_("“%s” is not a server address this application can use."), server_url);
      else
        /* Translators: %s says why, e.g. "disk full" */
        notice = g_strdup_printf (_("The offline copy of the calendar could not be opened: %s"), error->message);
      ccal_window_show_welcome (self, server_url, notice);
      return FALSE;
    }

  if (me != NULL)
    ccal_account_set_me (account, me);
  g_settings_set_string (self->settings, "server-url", ccal_account_get_base_url (account));
  g_settings_set_boolean (self->settings, "local-mode", FALSE);
  ccal_window_set_account (self, account);
  return TRUE;
}

static void
on_welcome_page_signed_in_cb (CcalWindow   *self,
                              const char   *server_url,
                              const char   *token,
                              const CcalMe *me,
                              gboolean      saved)
{
  if (!sign_in (self, server_url, token, me))
    return;

  if (!saved)
    {
      AdwToast *toast = adw_toast_new (_("The key is kept until the application closes"));

      adw_toast_set_timeout (toast, 5);
      ccal_window_add_toast (self, toast);
    }
}

typedef struct
{
  CcalWindow *self;
  char       *server_url;
} OpenServerData;

static void
open_server_data_free (OpenServerData *data)
{
  g_object_unref (data->self);
  g_free (data->server_url);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenServerData, open_server_data_free)

static void
on_lookup_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (OpenServerData) data = user_data;
  g_autoptr (GError) error = NULL;
  CcalWindow *self = data->self;
  char *secret;

  secret = ccal_credentials_lookup_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  if (secret != NULL)
    {
      sign_in (self, data->server_url, secret, NULL);
      secret_password_free (secret);
      return;
    }

  if (g_error_matches (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NOT_FOUND))
    {
      g_autofree char *notice =
        /* Translators: %s is a server address */
        g_strdup_printf (_("No API key for %s is stored on this computer. Enter it to connect."), data->server_url);

      ccal_window_show_welcome (self, data->server_url, notice);
    }
  else
    {
      g_autofree char *notice =
        g_strdup_printf (_("The keyring could not be opened, so the key for %s is not available. "
                           "Enter it to connect."), data->server_url);

      ccal_window_show_welcome (self, data->server_url, notice);
    }
}

void
ccal_window_open_server (CcalWindow *self,
                         const char *server_url)
{
  OpenServerData *data;
  g_autofree char *server = NULL;

  g_return_if_fail (CCAL_IS_WINDOW (self));
  g_return_if_fail (server_url != NULL);

  server = ccal_credentials_normalize_server (server_url);
  if (self->account != NULL && g_strcmp0 (ccal_account_get_base_url (self->account), server) == 0)
    return;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  ccal_window_set_account (self, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);

  data = g_new0 (OpenServerData, 1);
  data->self = g_object_ref (self);
  data->server_url = g_steal_pointer (&server);
  ccal_credentials_lookup_async (data->server_url, CCAL_CREDENTIAL_KIND_ANY, self->open_cancellable,
                                 on_lookup_cb, data);
}

static void
on_local_mode_started_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (CcalWindow) self = user_data;
  g_autoptr (CcalLocalMode) local_mode = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GError) error = NULL;

  local_mode = ccal_local_mode_start_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  if (local_mode != NULL)
    account = ccal_account_new_local (local_mode, &error);
  if (account == NULL)
    {
      g_autofree char *notice =
        /* Translators: %s says why */
        g_strdup_printf (_("The calendar on this computer could not be opened: %s"), error->message);

      ccal_window_show_welcome (self, NULL, notice);
      return;
    }

  g_settings_set_string (self->settings, "server-url", "");
  g_settings_set_boolean (self->settings, "local-mode", TRUE);
  ccal_window_set_account (self, account);

  if (!ccal_local_mode_get_key_in_keyring (local_mode))
    {
      const GError *keyring_error = ccal_local_mode_get_keyring_error (local_mode);
      g_autofree char *message =
        /* Translators: %s says why the keyring could not be used */
        g_strdup_printf (_("This calendar’s key is kept for this run only: %s"),
                         keyring_error != NULL ? keyring_error->message : "");
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 8);
      ccal_window_add_toast (self, toast);
    }
}

void
ccal_window_open_local (CcalWindow *self)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));

  if (self->account != NULL && ccal_account_get_local_mode (self->account) != NULL)
    return;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  ccal_window_set_account (self, NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);
  ccal_local_mode_start_async (NULL, self->open_cancellable, on_local_mode_started_cb, g_object_ref (self));
}

static void
on_welcome_page_use_local_cb (CcalWindow *self)
{
  ccal_window_open_local (self);
}

static void
on_delete_credentials_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (CcalWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!ccal_credentials_delete_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message =
        /* Translators: %s says why */
        g_strdup_printf (_("The key could not be removed from the keyring: %s"), error->message);

      ccal_window_add_toast (self, adw_toast_new (message));
    }
}

void
ccal_window_sign_out (CcalWindow *self)
{
  g_autofree char *server_url = NULL;

  g_return_if_fail (CCAL_IS_WINDOW (self));

  if (self->account == NULL)
    return;

  /* The local calendar keeps its key and its data: it is only closed. */
  if (ccal_account_get_local_mode (self->account) != NULL)
    {
      g_settings_set_boolean (self->settings, "local-mode", FALSE);
      ccal_window_show_welcome (self, NULL, NULL);
      return;
    }

  server_url = g_strdup (ccal_account_get_base_url (self->account));
  /* Not cancellable with the window: the key must go even when the window closes right after. */
  ccal_credentials_delete_async (server_url, CCAL_CREDENTIAL_KIND_ANY, NULL, on_delete_credentials_cb,
                                 g_object_ref (self));
  g_settings_set_string (self->settings, "server-url", "");
  ccal_window_show_welcome (self, server_url, NULL);
}

static void
on_sign_out_response_cb (CcalWindow *self,
                         const char *response)
{
  if (g_strcmp0 (response, "sign-out") == 0)
    ccal_window_sign_out (self);
}

/* ── view and date ─────────────────────────────────────────────────────────────────────────── */

static void
show_events_child (CcalWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (gtk_search_bar_get_search_mode (self->search_bar) && text[0] != '\0')
    gtk_stack_set_visible_child_name (self->events_stack, "search");
  else
    gtk_stack_set_visible_child_name (self->events_stack, self->events_view == CCAL_VIEW_MONTH ? "month" : "week");
}

CcalView
ccal_window_get_view (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), CCAL_VIEW_WEEK);

  return self->view;
}

void
ccal_window_set_view (CcalWindow *self,
                      CcalView    view)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));
  g_return_if_fail (view <= CCAL_VIEW_DASHBOARD);

  if (self->view == view)
    return;

  self->view = view;
  if (view == CCAL_VIEW_DASHBOARD)
    {
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      update_dashboard (self);
      adw_view_stack_set_visible_child_name (self->view_stack, "dashboard");
    }
  else
    {
      gboolean range_changed = self->events_view != view;

      self->events_view = view;
      show_events_child (self);
      adw_view_stack_set_visible_child_name (self->view_stack, "events");
      update_date_label (self);
      if (range_changed)
        reload_views (self);
    }
  update_header (self);
  g_settings_set_string (self->settings, "last-view", ccal_view_to_string (view));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

void
ccal_window_get_date (CcalWindow *self,
                      GDate      *out_date)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));
  g_return_if_fail (out_date != NULL);

  *out_date = self->date;
}

void
ccal_window_set_date (CcalWindow  *self,
                      const GDate *date)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  if (g_date_compare (&self->date, date) == 0)
    return;

  self->date = *date;
  update_date_label (self);
  reload_views (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

const char *
ccal_window_get_date_label (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return self->date_text;
}

const char *
ccal_window_get_timezone (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return self->timezone;
}

static void
get_today (CcalWindow *self,
           GDate      *out_date)
{
  if (!ccal_time_to_date (g_get_real_time (), self->timezone, out_date, NULL))
    g_date_set_time_t (out_date, time (NULL));
}

static void
on_date_popover_show_cb (CcalWindow *self)
{
  g_autoptr (GDateTime) selected = NULL;

  selected = g_date_time_new_local (g_date_get_year (&self->date), g_date_get_month (&self->date),
                                    g_date_get_day (&self->date), 12, 0, 0);
  self->updating_calendar = TRUE;
  gtk_calendar_select_day (self->calendar, selected);
  self->updating_calendar = FALSE;
}

static void
on_calendar_day_selected_cb (CcalWindow *self)
{
  GDate date;

  if (self->updating_calendar)
    return;

  ccal_calendar_get_gdate (self->calendar, &date);
  ccal_window_set_date (self, &date);
  gtk_popover_popdown (self->date_popover);
}

static void
on_view_stack_visible_child_cb (CcalWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "dashboard") == 0)
    ccal_window_set_view (self, CCAL_VIEW_DASHBOARD);
  else if (self->view == CCAL_VIEW_DASHBOARD)
    ccal_window_set_view (self, self->events_view);
}

/* ── search ────────────────────────────────────────────────────────────────────────────────── */

static GtkWidget *
create_search_row (CcalWindow  *self,
                   CcalBooking *booking)
{
  g_autofree char *when = format_instant (self, booking->start_time);
  g_autofree char *subtitle = NULL;
  const char *status = ccal_booking_status_to_string (booking->status);
  GtkWidget *row;
  gint64 *start;

  g_strstrip (when);
  subtitle = g_strdup_printf ("%s · %s · %s", when, status,
                              booking->contact != NULL && booking->contact->email != NULL ? booking->contact->email : "");
  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", booking->contact != NULL ? booking->contact->name : booking->title,
                      "subtitle", subtitle,
                      "use-markup", FALSE,
                      "activatable", TRUE,
                      NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  start = g_new (gint64, 1);
  *start = booking->start_time;
  g_object_set_data_full (G_OBJECT (row), "start-time", start, g_free);
  return row;
}

static void
run_search (CcalWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->search_list))) != NULL)
    gtk_list_box_remove (self->search_list, child);

  show_events_child (self);
  if (text[0] == '\0' || self->account == NULL)
    return;

  found = ccal_cache_search_bookings (ccal_account_get_cache (self->account), text, 50, &error);
  if (found == NULL)
    {
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->search_stack, "empty")),
                                 _("Search Failed"));
      gtk_stack_set_visible_child_name (self->search_stack, "empty");
      g_debug ("Searching the cache failed: %s", error->message);
      return;
    }

  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->search_list, create_search_row (self, g_ptr_array_index (found, i)));
  adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->search_stack, "empty")),
                             _("No Bookings Found"));
  gtk_stack_set_visible_child_name (self->search_stack, found->len > 0 ? "results" : "empty");
}

static void
on_search_entry_search_changed_cb (CcalWindow *self)
{
  run_search (self);
}

static void
on_search_list_row_activated_cb (CcalWindow    *self,
                                 GtkListBoxRow *row)
{
  gint64 *start = g_object_get_data (G_OBJECT (row), "start-time");
  GDate date;

  if (start == NULL || !ccal_time_to_date (*start, self->timezone, &date, NULL))
    return;

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  ccal_window_set_view (self, CCAL_VIEW_WEEK);
  ccal_window_set_date (self, &date);
}

static void
on_search_entry_activate_cb (CcalWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->search_list, 0);

  if (first != NULL)
    on_search_list_row_activated_cb (self, first);
}

static void
on_search_entry_stop_search_cb (CcalWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_search_mode_changed_cb (CcalWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    {
      if (self->view == CCAL_VIEW_DASHBOARD)
        ccal_window_set_view (self, self->events_view);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_events_child (self);
}

/* ── actions ───────────────────────────────────────────────────────────────────────────────── */

static void
show_events_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);

  ccal_window_set_view (self, self->events_view);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);
  GDate today;

  g_date_clear (&today, 1);
  get_today (self, &today);
  ccal_window_set_date (self, &today);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);
  gboolean forward = g_str_equal (action_name, "win.next");
  GDate date = self->date;

  if (self->events_view == CCAL_VIEW_MONTH)
    {
      if (forward)
        g_date_add_months (&date, 1);
      else
        g_date_subtract_months (&date, 1);
    }
  else
    {
      if (forward)
        g_date_add_days (&date, 7);
      else
        g_date_subtract_days (&date, 7);
    }
  ccal_window_set_date (self, &date);
}

static void
new_event_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);
  CcalWallClock wall = { 0 };
  GDate today;
  gint64 start;

  if (self->account == NULL)
    return;

  /* Today: the next full hour; another day: 09:00 on it. */
  g_date_clear (&today, 1);
  get_today (self, &today);
  if (g_date_compare (&today, &self->date) == 0 &&
      ccal_time_to_wall_clock (g_get_real_time () + CCAL_USEC_PER_HOUR, self->timezone, &wall, NULL))
    wall.minute = wall.second = 0;
  else
    {
      wall.year = g_date_get_year (&self->date);
      wall.month = g_date_get_month (&self->date);
      wall.day = g_date_get_day (&self->date);
      wall.hour = 9;
    }
  if (!ccal_time_from_wall_clock (&wall, self->timezone, &start, NULL))
    return;
  present_editor (self, ccal_event_editor_new_for_range (self->account, self->timezone, start,
                                                         start + CCAL_USEC_PER_HOUR, FALSE));
}

/* Staff on the phone book here: Ctrl+B, the header's button, or a click on a free slot. */
static void
present_booking_dialog (CcalWindow *self,
                        gint64      start)
{
  CcalBookingDialog *dialog;

  if (self->account == NULL)
    return;
  dialog = ccal_booking_dialog_new (self->account, GTK_WINDOW (self));
  if (start != 0)
    ccal_booking_dialog_set_start (dialog, start);
  else
    {
      GDate today;

      /* Looking at a later day, the caller most likely wants that day. */
      g_date_clear (&today, 1);
      get_today (self, &today);
      if (g_date_valid (&self->date) && g_date_compare (&self->date, &today) > 0)
        ccal_booking_dialog_set_date (dialog, &self->date);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ccal_window_request_new_booking (CcalWindow *self)
{
  g_return_if_fail (CCAL_IS_WINDOW (self));

  self->new_booking_requested = self->account == NULL;
  if (self->account != NULL)
    present_booking_dialog (self, 0);
}

static void
new_booking_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  present_booking_dialog (CCAL_WINDOW (widget), 0);
}

static void
on_imported_cb (CcalWindow *self,
                guint       n_events)
{
  g_autofree char *text = NULL;

  /* Translators: after importing an .ics file */
  text = g_strdup_printf (ngettext ("%u event imported", "%u events imported", n_events), n_events);
  ccal_window_add_toast (self, adw_toast_new (text));
}

static void
on_exported_cb (CcalWindow *self,
                GFile      *file,
                guint       n_events,
                guint       n_bookings)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  /* Translators: %s is a file name such as calendar-2026-11-24.ics */
  text = g_strdup_printf (_("Saved “%s”"), name);
  ccal_window_add_toast (self, adw_toast_new (text));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);

  CcalIcalImportDialog *dialog;

  if (self->account == NULL)
    return;
  dialog = ccal_ical_import_dialog_new (self->account, GTK_WINDOW (self));
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);
  CcalIcalExportDialog *dialog;
  CcalWallClock wall = { 0 };
  gint64 day = 0;

  if (self->account == NULL)
    return;
  /* The dialog starts on the day the Events tab shows. */
  wall.year = g_date_get_year (&self->date);
  wall.month = g_date_get_month (&self->date);
  wall.day = g_date_get_day (&self->date);
  wall.hour = 12;
  if (!ccal_time_from_wall_clock (&wall, self->timezone, &day, NULL))
    day = g_get_real_time ();
  dialog = ccal_ical_export_dialog_new (self->account, GTK_WINDOW (self), day);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);

  if (self->account != NULL)
    ccal_account_request_sync (self->account);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CcalWindow *self = CCAL_WINDOW (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->account == NULL)
    return;

  if (ccal_account_get_local_mode (self->account) != NULL)
    {
      ccal_window_sign_out (self);
      return;
    }

  /* Translators: %s is a server address */
  body = g_strdup_printf (_("The key for %s is removed from this computer. You will need it again to connect. "
                            "Changes not yet sent stay on this computer and are sent when you connect again."),
                          ccal_account_get_base_url (self->account));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_out_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── window state ──────────────────────────────────────────────────────────────────────────── */

static void
save_window_state (CcalWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
ccal_window_close_request (GtkWindow *window)
{
  save_window_state (CCAL_WINDOW (window));

  return GTK_WINDOW_CLASS (ccal_window_parent_class)->close_request (window);
}

static void
on_settings_changed_cb (CcalWindow *self,
                        const char *key)
{
  if (g_str_equal (key, "display-timezone"))
    update_timezone (self);
  else if (g_str_equal (key, "first-weekday"))
    {
      update_date_label (self);
      reload_views (self);
    }
  else if (g_str_equal (key, "use-24h"))
    {
      update_view_settings (self);
      update_notice (self);
    }
}

/* ── GObject ───────────────────────────────────────────────────────────────────────────────── */

static void
ccal_window_constructed (GObject *object)
{
  CcalWindow *self = CCAL_WINDOW (object);
  GtkApplication *application;
  g_autofree char *default_view = NULL;
  CcalView view = CCAL_VIEW_WEEK;

  G_OBJECT_CLASS (ccal_window_parent_class)->constructed (object);

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (CCAL_IS_APPLICATION (application))
    self->settings = g_object_ref (ccal_application_get_settings (CCAL_APPLICATION (application)));
  else
    self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->week_view = create_week_view (self);
  gtk_stack_add_named (self->events_stack, self->week_view, "week");
  self->month_view = create_month_view (self);
  gtk_stack_add_named (self->events_stack, self->month_view, "month");

  update_timezone (self);
  get_today (self, &self->date);

  default_view = g_settings_get_string (self->settings, "default-view");
  if (g_str_equal (default_view, "last"))
    {
      g_free (default_view);
      default_view = g_settings_get_string (self->settings, "last-view");
    }
  ccal_view_from_string (default_view, &view);
  /* Start from a state different from @view so that setting it updates everything. */
  self->view = CCAL_VIEW_DASHBOARD;
  self->events_view = CCAL_VIEW_MONTH;
  ccal_window_set_view (self, view == CCAL_VIEW_DASHBOARD ? CCAL_VIEW_WEEK : view);
  if (view == CCAL_VIEW_DASHBOARD)
    ccal_window_set_view (self, view);
  update_date_label (self);

  set_actions_enabled (self, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
}

static void
ccal_window_dispose (GObject *object)
{
  CcalWindow *self = CCAL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  if (self->pending_deletes != NULL)
    flush_pending_deletes (self);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->account, self);
      g_signal_handlers_disconnect_by_data (ccal_account_get_sync (self->account), self);
      g_settings_unbind (self->account, "sync-interval");
      ccal_account_set_sync_interval (self->account, 0);
      g_clear_object (&self->account);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_WINDOW);

  G_OBJECT_CLASS (ccal_window_parent_class)->dispose (object);
}

static void
ccal_window_finalize (GObject *object)
{
  CcalWindow *self = CCAL_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->date_text, g_free);
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);

  G_OBJECT_CLASS (ccal_window_parent_class)->finalize (object);
}

static void
ccal_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CcalWindow *self = CCAL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, &self->date);
      break;
    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CcalWindow *self = CCAL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      ccal_window_set_account (self, g_value_get_object (value));
      break;
    case PROP_VIEW:
      ccal_window_set_view (self, g_value_get_enum (value));
      break;
    case PROP_DATE:
      if (g_value_get_boxed (value) != NULL)
        ccal_window_set_date (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accelerators,
              const char            *action_name,
              const char            *target)
{
  GtkShortcut *shortcut;

  shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accelerators),
                               gtk_named_action_new (action_name));
  if (target != NULL)
    gtk_shortcut_set_arguments (shortcut, g_variant_new_string (target));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
ccal_window_class_init (CcalWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ccal_window_constructed;
  object_class->dispose = ccal_window_dispose;
  object_class->finalize = ccal_window_finalize;
  object_class->get_property = ccal_window_get_property;
  object_class->set_property = ccal_window_set_property;
  window_class->close_request = ccal_window_close_request;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CCAL_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_enum ("view", NULL, NULL, CCAL_TYPE_VIEW, CCAL_VIEW_WEEK,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CCAL_TYPE_SYNC_STATE);
  g_type_ensure (CCAL_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/customerconnects/Calendar/ccal-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, navigation_box);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, date_button);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, date_label);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, date_popover);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, calendar);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, view_toggle_box);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, sync_state);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, notice_icon);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, events_stack);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, search_stack);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, search_list);
  gtk_widget_class_bind_template_child (widget_class, CcalWindow, dashboard_bin);
  gtk_widget_class_bind_template_callback (widget_class, on_welcome_page_signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_welcome_page_use_local_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_action (widget_class, "win.show-events", NULL, show_events_action);
  gtk_widget_class_install_action (widget_class, "win.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "win.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.new-event", NULL, new_event_action);
  gtk_widget_class_install_action (widget_class, "win.new-booking", NULL, new_booking_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);

  gtk_widget_class_set_css_name (widget_class, "ccalwindow");
}

static void
ccal_window_init (CcalWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_date_clear (&self->date, 1);

  /* Single keys go through a bubble-phase controller rather than application accelerators (which
   * run in the capture phase): a focused text entry gets to type "t", "w" and "m" first. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_static_name (controller, "ccal-shortcuts");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "t", "win.today", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "w", "win.view", "week");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "m", "win.view", "month");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "Page_Up|<Alt>Left", "win.previous", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "Page_Down|<Alt>Right", "win.next", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Alt>1", "win.show-events", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "<Alt>2", "win.view", "dashboard");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* Plain arrows page through the calendar when they reach the Events tab unused (the window's own
   * arrow bindings move the focus between buttons). */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_static_name (controller, "ccal-shortcuts");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "Left", "win.previous", NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), "Right", "win.next", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->events_stack), controller);
}

CcalWindow *
ccal_window_new (CcalApplication *application)
{
  g_return_val_if_fail (CCAL_IS_APPLICATION (application), NULL);

  return g_object_new (CCAL_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

GtkWidget *
ccal_window_get_welcome_page (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->welcome_page);
}

const char *
ccal_window_get_page_name (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkWidget *
ccal_window_get_dashboard (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return adw_bin_get_child (self->dashboard_bin);
}

GtkWidget *
ccal_window_get_week_view (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return self->week_view;
}

GtkWidget *
ccal_window_get_sync_state (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sync_state);
}

const char *
ccal_window_get_notice (CcalWindow *self)
{
  g_return_val_if_fail (CCAL_IS_WINDOW (self), NULL);

  return gtk_revealer_get_reveal_child (self->notice_revealer) ? gtk_label_get_label (self->notice_label) : NULL;
}
