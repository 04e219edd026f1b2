/* ccal-booking-details.c — the booking details pane: one booking, its state, and changes through the sync engine
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The booking itself comes from the cache and every change to it (status, result, details, a
 * reschedule) is staged by the sync engine, so it survives being offline. The status history, the
 * follow-ups and the free slots are server resources: they are fetched while the booking is shown,
 * and the last fetched history and follow-ups stay on screen when a later fetch fails.
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-booking-details.h"
#include "ccal-date-util.h"
#include "ccal-time.h"

struct _CcalBookingDetails
{
  AdwBin            parent_instance;

  /* template widgets */
  GtkStack         *stack;
  AdwStatusPage    *empty_page;
  GtkLabel         *heading_label;
  GtkLabel         *subheading_label;
  GtkLabel         *status_label;
  GtkRevealer      *notice_revealer;
  GtkWidget        *notice_box;
  GtkImage         *notice_icon;
  GtkLabel         *notice_label;
  GtkWidget        *notice_buttons;
  GtkWidget        *keep_mine_button;
  GtkWidget        *take_theirs_button;
  GtkWidget        *retry_button;
  GtkWidget        *discard_button;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  AdwActionRow     *name_row;
  AdwActionRow     *email_row;
  AdwActionRow     *phone_row;
  GtkWidget        *copy_name_button;
  GtkWidget        *copy_email_button;
  GtkWidget        *copy_phone_button;
  AdwActionRow     *time_row;
  AdwActionRow     *caller_time_row;
  GtkWidget        *status_group;
  AdwComboRow      *status_row;
  AdwEntryRow      *reason_row;
  GtkWidget        *final_row;
  GtkWidget        *apply_status_button;
  GtkListBox       *history_list;
  GtkLabel         *history_label;
  GtkWidget        *reschedule_group;
  AdwActionRow     *date_row;
  GtkMenuButton    *date_button;
  GtkCalendar      *date_calendar;
  GtkFlowBox       *slots_box;
  GtkLabel         *slots_label;
  AdwEntryRow      *title_row;
  AdwEntryRow      *location_row;
  AdwEntryRow      *meeting_row;
  GtkWidget        *open_meeting_button;
  AdwEntryRow      *opportunity_row;
  GtkWidget        *save_details_button;
  AdwEntryRow      *outcome_row;
  AdwEntryRow      *notes_row;
  GtkWidget        *save_result_button;
  GtkListBox       *follow_ups_list;
  GtkLabel         *follow_ups_label;
  AdwActionRow     *due_row;
  GtkMenuButton    *due_button;
  GtkCalendar      *due_calendar;
  AdwEntryRow      *action_row;
  AdwEntryRow      *follow_up_notes_row;
  GtkWidget        *add_follow_up_button;

  /* made in init */
  GtkWidget        *find_slots_button;

  /* borrowed */
  GtkWidget        *error_widget;        /* the row marked with .error */

  /* owned */
  CcalAccount      *account;
  GSettings        *settings;
  char             *booking_id;
  CcalBooking      *booking;             /* as last shown; NULL when none or gone */
  CcalCacheState    state;
  char             *failure_reason;
  GArray           *next_statuses;       /* CcalBookingStatus, the status row's items */
  GPtrArray        *history;             /* CcalBookingHistoryEntry, last fetched for booking_id */
  GPtrArray        *follow_ups;          /* CcalFollowUp, last fetched for booking_id */
  char             *focus_follow_up_id;  /* whose Done check gets the focus back after a refresh */
  GCancellable     *cancellable;         /* fetches for the booking shown; cancelled on a switch */
  GDate             slot_date;
  GDate             due_date;
  guint             copied_source;
  GtkWidget        *copied_button;
  gboolean          selecting_day;       /* the calendars are being set, not clicked */
};

G_DEFINE_FINAL_TYPE (CcalBookingDetails, ccal_booking_details, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_BOOKING_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh        (CcalBookingDetails *self,
                            gboolean            reset_fields);
static void fetch_remote   (CcalBookingDetails *self);

/* ── words and times ────────────────────────────────────────────────────────────────────────── */

static const char *
status_name (CcalBookingStatus status)
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
      g_assert_not_reached ();
    }
}

/* The zone the calendar is shown in (as the window reads it): the setting, else the system's, else UTC. */
static char *
display_zone (CcalBookingDetails *self)
{
  g_autofree char *tzid = g_settings_get_string (self->settings, "display-timezone");

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
  return g_steal_pointer (&tzid);
}

static GDateTime *
date_time_in_zone (gint64      usec,
                   const char *tzid)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (tzid);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  return g_date_time_to_timezone (utc, zone);
}

static char *
format_clock (CcalBookingDetails *self,
              GDateTime          *time)
{
  /* Translators: a time of day in 24-hour and in 12-hour form; see g_date_time_format() */
  return g_date_time_format (time, g_settings_get_boolean (self->settings, "use-24h") ? _("%H:%M") : _("%-l:%M %p"));
}

/* "Tue 24 Nov 2026, 09:00 – 09:30" in @tzid. */
static char *
format_span (CcalBookingDetails *self,
             gint64              start,
             gint64              end,
             const char         *tzid)
{
  g_autoptr (GDateTime) from = date_time_in_zone (start, tzid);
  g_autoptr (GDateTime) to = date_time_in_zone (end, tzid);
  /* Translators: a date with its weekday, "Tue 24 Nov 2026"; see g_date_time_format() */
  g_autofree char *day = g_date_time_format (from, _("%a %-d %b %Y"));
  g_autofree char *from_text = format_clock (self, from);
  g_autofree char *to_text = format_clock (self, to);

  /* Translators: a day and a time range, "Tue 24 Nov 2026, 09:00 – 09:30" */
  return g_strdup_printf (_("%s, %s – %s"), day, from_text, to_text);
}

/* "24 Nov 2026, 09:00" in the display zone. */
static char *
format_instant (CcalBookingDetails *self,
                gint64              usec)
{
  g_autofree char *tzid = display_zone (self);
  g_autoptr (GDateTime) time = date_time_in_zone (usec, tzid);
  /* Translators: a date without weekday, "24 Nov 2026"; see g_date_time_format() */
  g_autofree char *day = g_date_time_format (time, _("%-d %b %Y"));
  g_autofree char *clock = format_clock (self, time);

  /* Translators: a day and a time, "24 Nov 2026, 09:00" */
  return g_strdup_printf (_("%s, %s"), day, clock);
}

static void
set_date_button (GtkMenuButton *button,
                 const GDate   *date)
{
  g_autoptr (GDateTime) noon = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                    g_date_get_day (date), 12, 0, 0);
  /* Translators: a date on a button, "Tue 24 Nov 2026"; see g_date_time_format() */
  g_autofree char *label = g_date_time_format (noon, _("%a %-d %b %Y"));

  gtk_menu_button_set_label (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
select_calendar_day (CcalBookingDetails *self,
                     GtkCalendar        *calendar,
                     const GDate        *date)
{
  self->selecting_day = TRUE;
  ccal_calendar_select_gdate (calendar, date);
  self->selecting_day = FALSE;
}

static gboolean
is_transient (const GError *error)
{
  return error->domain == CCAL_API_ERROR && ccal_api_error_is_transient (error);
}

static gboolean
is_offline (CcalBookingDetails *self)
{
  return ccal_sync_get_state (ccal_account_get_sync (self->account)) == CCAL_SYNC_ENGINE_STATE_OFFLINE;
}

static void
remove_all_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else
        gtk_widget_unparent (child);
    }
}

/* ── errors, inline and named ───────────────────────────────────────────────────────────────── */

static void
clear_error (CcalBookingDetails *self)
{
  if (self->error_widget != NULL)
    gtk_widget_remove_css_class (self->error_widget, "error");
  if (gtk_widget_has_css_class (GTK_WIDGET (self->follow_ups_label), "error"))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->follow_ups_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->follow_ups_label), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->follow_ups_label), FALSE);
    }
  self->error_widget = NULL;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static GtkWidget *
widget_for_field (CcalBookingDetails *self,
                  const char         *field)
{
  static const struct { const char *field; gsize offset; } map[] = {
    { "status", G_STRUCT_OFFSET (CcalBookingDetails, status_row) },
    { "reason", G_STRUCT_OFFSET (CcalBookingDetails, reason_row) },
    { "start_time", G_STRUCT_OFFSET (CcalBookingDetails, date_row) },
    { "duration_minutes", G_STRUCT_OFFSET (CcalBookingDetails, date_row) },
    { "title", G_STRUCT_OFFSET (CcalBookingDetails, title_row) },
    { "location", G_STRUCT_OFFSET (CcalBookingDetails, location_row) },
    { "meeting_link", G_STRUCT_OFFSET (CcalBookingDetails, meeting_row) },
    { "opportunity_id", G_STRUCT_OFFSET (CcalBookingDetails, opportunity_row) },
    { "outcome", G_STRUCT_OFFSET (CcalBookingDetails, outcome_row) },
    { "notes", G_STRUCT_OFFSET (CcalBookingDetails, notes_row) },
    { "action", G_STRUCT_OFFSET (CcalBookingDetails, action_row) },
    { "due_at", G_STRUCT_OFFSET (CcalBookingDetails, due_row) },
  };

  for (gsize i = 0; field != NULL && i < G_N_ELEMENTS (map); i++)
    {
      if (g_str_equal (field, map[i].field))
        return G_STRUCT_MEMBER (GtkWidget *, self, map[i].offset);
    }
  return NULL;
}

/* Shows @message under the heading and marks the row of @field (may be NULL); the text typed stays. */
static void
show_error (CcalBookingDetails *self,
            const char         *field,
            const char         *message)
{
  GtkLabel *label = self->error_label;

  clear_error (self);
  self->error_widget = widget_for_field (self, field);
  /* A follow-up's problem is said next to the follow-up form, far below the heading. */
  if (self->error_widget == GTK_WIDGET (self->action_row) || self->error_widget == GTK_WIDGET (self->due_row) ||
      g_strcmp0 (field, "done") == 0)
    {
      label = self->follow_ups_label;
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
      gtk_label_set_label (label, message);
    }
  else
    {
      gtk_label_set_label (label, message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
    }
  if (self->error_widget != NULL)
    {
      gtk_widget_add_css_class (self->error_widget, "error");
      /* Focus scrolls the pane to the field the message is about. */
      gtk_widget_grab_focus (self->error_widget);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->error_widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      label, NULL, -1);
    }
}

/* A refused change: a CCAL_CORE_ERROR names its field; anything else is said as it is. */
static void
show_gerror (CcalBookingDetails *self,
             const GError       *error,
             const char         *fallback_field)
{
  const char *field = error->domain == CCAL_CORE_ERROR  ? ccal_core_error_get_field (error)
                      : error->domain == CCAL_API_ERROR ? ccal_api_error_get_field (error)
                                                        : NULL;

  show_error (self, field != NULL ? field : fallback_field, error->message);
}

static void
on_field_changed_cb (CcalBookingDetails *self)
{
  clear_error (self);
}

/* ── the booking on screen ──────────────────────────────────────────────────────────────────── */

/* Puts @value into @row unless the person changed what was shown before (@shown): nothing typed is
 * lost when the booking changes underneath. */
static void
update_entry (AdwEntryRow *row,
              const char  *shown,
              const char  *value,
              gboolean     force)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (force || g_strcmp0 (text, shown != NULL ? shown : "") == 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
set_row_value (AdwActionRow *row,
               GtkWidget    *copy_button,
               const char   *value)
{
  gboolean has_value = value != NULL && value[0] != '\0';

  adw_action_row_set_subtitle (row, has_value ? value : _("Not given"));
  gtk_widget_set_sensitive (copy_button, has_value);
}

static void
update_notice (CcalBookingDetails *self)
{
  gboolean conflict = self->state == CCAL_CACHE_STATE_CONFLICT;
  gboolean failed = !conflict && self->failure_reason != NULL;
  gboolean waiting = !conflict && !failed && self->state != CCAL_CACHE_STATE_SYNCED;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->keep_mine_button, conflict);
  gtk_widget_set_visible (self->take_theirs_button, conflict);
  gtk_widget_set_visible (self->retry_button, failed);
  gtk_widget_set_visible (self->discard_button, failed);
  gtk_widget_set_visible (self->notice_buttons, conflict || failed);
  gtk_widget_remove_css_class (GTK_WIDGET (self->notice_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->notice_icon), "error");

  if (conflict)
    {
      g_autoptr (JsonObject) mine = NULL;
      g_autoptr (JsonObject) theirs = NULL;
      gboolean deleted = FALSE;

      if (ccal_cache_get_conflict (ccal_account_get_cache (self->account), CCAL_CACHE_COLLECTION_BOOKINGS,
                                   self->booking_id, &mine, &theirs, NULL))
        deleted = json_object_get_boolean_member_with_default (theirs, "deleted", FALSE);
      text = g_strdup (deleted ? _("This booking was removed on the server while your change waited. Keep yours to "
                                   "send it again, or take theirs to drop it.")
                               : _("Someone changed this booking on the server while your change waited. Keep "
                                   "yours to send it on top of theirs, or take theirs to drop yours."));
      gtk_image_set_from_icon_name (self->notice_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->notice_icon), "warning");
    }
  else if (failed)
    {
      /* Translators: %s is the server's reason, e.g. "That time is no longer available." */
      text = g_strdup_printf (_("The server refused your last change: %s"), self->failure_reason);
      gtk_image_set_from_icon_name (self->notice_icon, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->notice_icon), "error");
    }
  else if (waiting)
    {
      text = g_strdup (is_offline (self) ? _("Saved on this computer. It is sent when the server can be reached.")
                                         : _("Saved on this computer; sending it to the server…"));
      gtk_image_set_from_icon_name (self->notice_icon, "emblem-synchronizing-symbolic");
    }

  /* The last text stays while the revealer closes. */
  if (text != NULL)
    gtk_label_set_label (self->notice_label, text);
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
}

static void
update_status_choices (CcalBookingDetails *self)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  CcalBookingStatus current = self->booking->status;
  gboolean any;

  g_array_set_size (self->next_statuses, 0);
  /* The core has the rule; the row offers only what it allows. */
  for (int s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
    {
      if (s != (int) current && ccal_booking_status_can_change (current, (CcalBookingStatus) s))
        {
          CcalBookingStatus status = (CcalBookingStatus) s;

          g_array_append_val (self->next_statuses, status);
          gtk_string_list_append (model, status_name (status));
        }
    }
  any = self->next_statuses->len > 0;
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (model));
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), any);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), any);
  gtk_widget_set_visible (self->apply_status_button, any);
  gtk_widget_set_visible (self->final_row, !any);
}

static void
update_status_label (CcalBookingDetails *self)
{
  static const char *const classes[] = { "accent", "success", "warning", "error", "dim-label" };
  CcalBookingStatus status = self->booking->status;
  const char *class = status == CCAL_BOOKING_STATUS_CONFIRMED   ? "accent"
                      : status == CCAL_BOOKING_STATUS_COMPLETED ? "success"
                      : status == CCAL_BOOKING_STATUS_PENDING   ? "warning"
                      : status == CCAL_BOOKING_STATUS_NO_SHOW   ? "error"
                                                                : "dim-label";

  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), class);
  gtk_label_set_label (self->status_label, status_name (status));
}

static void
update_times (CcalBookingDetails *self)
{
  CcalBooking *booking = self->booking;
  g_autofree char *tzid = display_zone (self);
  g_autofree char *span = format_span (self, booking->start_time, booking->end_time, tzid);
  g_autofree char *time_text = NULL;
  const char *caller_zone = booking->contact != NULL ? booking->contact->timezone : NULL;
  int display_offset = 0, caller_offset = 0;
  gboolean differs = FALSE;

  /* Translators: a booking's time and the zone it is shown in, "Tue 24 Nov 2026, 09:00 – 09:30 (Europe/Berlin)" */
  time_text = g_strdup_printf (_("%s (%s)"), span, tzid);
  adw_action_row_set_subtitle (self->time_row, time_text);
  gtk_label_set_label (self->subheading_label, span);

  /* The caller's zone only matters when their clock reads differently at that time. */
  if (caller_zone != NULL && ccal_time_zone_is_known (caller_zone) &&
      ccal_time_zone_get_offset (tzid, booking->start_time, &display_offset, NULL) &&
      ccal_time_zone_get_offset (caller_zone, booking->start_time, &caller_offset, NULL))
    differs = display_offset != caller_offset;

  gtk_widget_set_visible (GTK_WIDGET (self->caller_time_row), differs);
  if (differs)
    {
      g_autofree char *caller_span = format_span (self, booking->start_time, booking->end_time, caller_zone);
      g_autofree char *caller_text = g_strdup_printf (_("%s (%s)"), caller_span, caller_zone);

      adw_action_row_set_subtitle (self->caller_time_row, caller_text);
    }
}

static void
update_meeting_button (CcalBookingDetails *self)
{
  const char *link = gtk_editable_get_text (GTK_EDITABLE (self->meeting_row));
  g_autofree char *scheme = g_uri_parse_scheme (link);
  gboolean web = scheme != NULL && (g_ascii_strcasecmp (scheme, "https") == 0 ||
                                    g_ascii_strcasecmp (scheme, "http") == 0);

  gtk_widget_set_sensitive (self->open_meeting_button, web);
}

static void
show_gone (CcalBookingDetails *self)
{
  adw_status_page_set_title (self->empty_page, _("Booking Not Found"));
  adw_status_page_set_description (self->empty_page, _("It is no longer in the calendar on this computer."));
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Reads the booking and its sync state from the cache again. @reset_fields: a new booking, so the
 * edit rows take its values; otherwise only rows the person has not changed follow. */
static void
refresh (CcalBookingDetails *self,
         gboolean            reset_fields)
{
  CcalCache *cache = ccal_account_get_cache (self->account);
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (GError) error = NULL;
  CcalBooking *shown;
  gboolean status_changed;
  gboolean active;

  g_clear_pointer (&self->failure_reason, g_free);
  if (self->booking_id == NULL)
    {
      g_clear_object (&self->booking);
      adw_status_page_set_title (self->empty_page, _("Select a Booking"));
      adw_status_page_set_description (self->empty_page,
                                       _("Its contact, time, status, result and follow-ups are shown here."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  booking = ccal_cache_get_booking (cache, self->booking_id, &error);
  if (booking == NULL)
    {
      if (!g_error_matches (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND))
        g_debug ("Could not read booking %s: %s", self->booking_id, error->message);
      g_clear_object (&self->booking);
      show_gone (self);
      return;
    }
  if (!ccal_cache_get_state (cache, CCAL_CACHE_COLLECTION_BOOKINGS, self->booking_id, &self->state,
                             &self->failure_reason, &error))
    {
      g_debug ("Could not read the state of booking %s: %s", self->booking_id, error->message);
      self->state = CCAL_CACHE_STATE_SYNCED;
    }

  shown = self->booking;
  reset_fields = reset_fields || shown == NULL;
  status_changed = reset_fields || shown->status != booking->status;
  gtk_label_set_label (self->heading_label, booking->title != NULL && booking->title[0] != '\0'
                                              ? booking->title
                                              : booking->contact->name);
  set_row_value (self->name_row, self->copy_name_button, booking->contact->name);
  set_row_value (self->email_row, self->copy_email_button, booking->contact->email);
  set_row_value (self->phone_row, self->copy_phone_button, booking->contact->phone);

  update_entry (self->title_row, shown ? shown->title : NULL, booking->title, reset_fields);
  update_entry (self->location_row, shown ? shown->location : NULL, booking->location, reset_fields);
  update_entry (self->meeting_row, shown ? shown->meeting_link : NULL, booking->meeting_link, reset_fields);
  update_entry (self->opportunity_row, shown ? shown->opportunity_id : NULL, booking->opportunity_id, reset_fields);
  update_entry (self->outcome_row, shown ? shown->result_outcome : NULL, booking->result_outcome, reset_fields);
  update_entry (self->notes_row, shown ? shown->result_notes : NULL, booking->result_notes, reset_fields);

  g_set_object (&self->booking, booking);
  update_status_label (self);
  if (status_changed)
    update_status_choices (self);
  update_times (self);
  update_meeting_button (self);
  update_notice (self);

  /* Only pending and confirmed bookings can move (the server's rule too). */
  active = booking->status == CCAL_BOOKING_STATUS_PENDING || booking->status == CCAL_BOOKING_STATUS_CONFIRMED;
  gtk_widget_set_visible (self->reschedule_group, active);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

/* ── history and follow-ups (server resources) ──────────────────────────────────────────────── */

static void
show_history (CcalBookingDetails *self,
              const char         *note)
{
  remove_all_children (GTK_WIDGET (self->history_list));
  for (guint i = 0; self->history != NULL && i < self->history->len; i++)
    {
      CcalBookingHistoryEntry *entry = g_ptr_array_index (self->history, i);
      g_autofree char *title = NULL;
      g_autofree char *when = format_instant (self, entry->changed_at);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (entry->has_from)
        /* Translators: a status change, "Pending → Confirmed" */
        title = g_strdup_printf (_("%s → %s"), status_name (entry->from), status_name (entry->to));
      else
        /* Translators: the first history entry, "Booked as Pending" */
        title = g_strdup_printf (_("Booked as %s"), status_name (entry->to));
      if (entry->reason != NULL && entry->reason[0] != '\0')
        /* Translators: when and why a status changed, "24 Nov 2026, 09:00 · Customer asked" */
        subtitle = g_strdup_printf (_("%s · %s"), when, entry->reason);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : when);
      gtk_list_box_append (self->history_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_list), self->history != NULL && self->history->len > 0);
  gtk_label_set_label (self->history_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->history_label), note != NULL);
}

static void on_done_toggled_cb (GtkCheckButton     *check,
                                CcalBookingDetails *self);

static void
show_follow_ups (CcalBookingDetails *self,
                 const char         *note)
{
  g_autofree char *focus_id = g_steal_pointer (&self->focus_follow_up_id);

  remove_all_children (GTK_WIDGET (self->follow_ups_list));
  for (guint i = 0; self->follow_ups != NULL && i < self->follow_ups->len; i++)
    {
      CcalFollowUp *follow_up = g_ptr_array_index (self->follow_ups, i);
      g_autofree char *when = format_instant (self, follow_up->due_at);
      g_autofree char *due = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: when a follow-up is due, "Due 24 Nov 2026, 09:00" */
      due = g_strdup_printf (follow_up->done ? _("Done · was due %s") : _("Due %s"), when);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), follow_up->action);
      if (follow_up->notes != NULL && follow_up->notes[0] != '\0')
        {
          g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), due, follow_up->notes);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), due);
      {
        GtkWidget *check = gtk_check_button_new_with_label (_("Done"));
        /* Translators: the accessible name of a follow-up's Done check, "Mark “Send the quote” done" */
        g_autofree char *label = g_strdup_printf (_("Mark “%s” done"), follow_up->action);

        gtk_widget_set_name (check, "follow-up-done-check");
        gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), follow_up->done);
        gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        g_object_set_data_full (G_OBJECT (check), "follow-up-id", g_strdup (follow_up->id), g_free);
        g_signal_connect (check, "toggled", G_CALLBACK (on_done_toggled_cb), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
        gtk_list_box_append (self->follow_ups_list, row);
        if (focus_id != NULL && g_strcmp0 (focus_id, follow_up->id) == 0)
          gtk_widget_grab_focus (check);
      }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->follow_ups_list), self->follow_ups != NULL && self->follow_ups->len > 0);
  gtk_label_set_label (self->follow_ups_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->follow_ups_label), note != NULL);
}

/* Why a fetch brought nothing new: offline (the last copy stays, said so) or refused. */
static char *
fetch_failure_note (const GError *error,
                    gboolean      have_copy,
                    const char   *unreachable)
{
  if (is_transient (error))
    return g_strdup (have_copy ? _("Shown as last fetched: the server cannot be reached.") : unreachable);
  /* Translators: %s is why the server refused, as it said it */
  return g_strdup_printf (_("Could not be fetched: %s"), error->message);
}

static void
on_history_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = ccal_api_client_get_booking_history_finish (CCAL_API_CLIENT (source), result,
                                                                             &error);
  CcalBookingDetails *self;
  g_autofree char *note = NULL;

  /* Cancelled: the pane moved on (or is gone); self may not be touched. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CCAL_BOOKING_DETAILS (user_data);

  if (history != NULL)
    {
      g_clear_pointer (&self->history, g_ptr_array_unref);
      self->history = g_steal_pointer (&history);
    }
  else
    note = fetch_failure_note (error, self->history != NULL, _("History is shown when the server can be reached."));
  if (note == NULL && self->history->len == 0)
    note = g_strdup (_("No status changes yet."));
  show_history (self, note);
}

static void
on_follow_ups_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) follow_ups = ccal_api_client_list_follow_ups_finish (CCAL_API_CLIENT (source), result, &error);
  CcalBookingDetails *self;
  g_autofree char *note = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CCAL_BOOKING_DETAILS (user_data);

  if (follow_ups != NULL)
    {
      g_clear_pointer (&self->follow_ups, g_ptr_array_unref);
      self->follow_ups = g_steal_pointer (&follow_ups);
    }
  else
    note = fetch_failure_note (error, self->follow_ups != NULL,
                               _("Follow-ups are shown when the server can be reached."));
  if (note == NULL && self->follow_ups->len == 0)
    note = g_strdup (_("No follow-ups yet."));
  show_follow_ups (self, note);
}

/* Asks the server for the history and follow-ups of the booking shown. */
static void
fetch_remote (CcalBookingDetails *self)
{
  CcalApiClient *client = ccal_account_get_api_client (self->account);
  gboolean on_server = self->booking != NULL && self->state != CCAL_CACHE_STATE_LOCALLY_CREATED;

  gtk_widget_set_sensitive (self->add_follow_up_button, on_server);
  if (!on_server)
    {
      const char *note = _("Shown once the booking has reached the server.");

      show_history (self, note);
      show_follow_ups (self, note);
      return;
    }
  ccal_api_client_get_booking_history_async (client, self->booking_id, self->cancellable, on_history_cb, self);
  ccal_api_client_list_follow_ups_async (client, self->booking_id, self->cancellable, on_follow_ups_cb, self);
}

/* ── the engine ─────────────────────────────────────────────────────────────────────────────── */

static void
on_objects_changed_cb (CcalSync           *sync,
                       int                 collection,
                       GStrv               ids,
                       CcalBookingDetails *self)
{
  gboolean mine = ids == NULL;
  const char *other = NULL;
  CcalCacheState before = self->state;

  if (collection != CCAL_CACHE_COLLECTION_BOOKINGS || self->booking_id == NULL)
    return;
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (g_str_equal (ids[i], self->booking_id))
        mine = TRUE;
      else
        other = ids[i];
    }
  if (!mine)
    return;

  /* A created booking now goes by its server id: follow it. */
  if (other != NULL && ids[2] == NULL)
    {
      g_autoptr (CcalBooking) still = ccal_cache_get_booking (ccal_account_get_cache (self->account), self->booking_id,
                                                              NULL);

      if (still == NULL)
        {
          g_free (self->booking_id);
          self->booking_id = g_strdup (other);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOOKING_ID]);
        }
    }

  refresh (self, FALSE);
  /* A change reached the server: the history (and the follow-ups' booking) may have moved on. */
  if (self->booking != NULL && self->state == CCAL_CACHE_STATE_SYNCED &&
      (before != CCAL_CACHE_STATE_SYNCED || ids == NULL))
    fetch_remote (self);
}

static void
on_sync_state_cb (CcalBookingDetails *self)
{
  if (self->booking != NULL)
    update_notice (self);
}

static void
on_settings_changed_cb (CcalBookingDetails *self)
{
  g_autofree char *history_note = NULL;
  g_autofree char *follow_ups_note = NULL;

  if (self->booking == NULL)
    return;
  if (gtk_widget_get_visible (GTK_WIDGET (self->history_label)))
    history_note = g_strdup (gtk_label_get_label (self->history_label));
  if (gtk_widget_get_visible (GTK_WIDGET (self->follow_ups_label)))
    follow_ups_note = g_strdup (gtk_label_get_label (self->follow_ups_label));
  update_times (self);
  show_history (self, history_note);
  show_follow_ups (self, follow_ups_note);
}

/* ── actions ────────────────────────────────────────────────────────────────────────────────── */

static gboolean
on_copied_timeout_cb (gpointer user_data)
{
  CcalBookingDetails *self = user_data;

  gtk_button_set_icon_name (GTK_BUTTON (self->copied_button), "edit-copy-symbolic");
  self->copied_button = NULL;
  self->copied_source = 0;
  return G_SOURCE_REMOVE;
}

static void
on_copy_clicked_cb (CcalBookingDetails *self,
                    GtkButton          *button)
{
  const char *text = NULL;

  if (self->booking == NULL)
    return;
  if (GTK_WIDGET (button) == self->copy_name_button)
    text = self->booking->contact->name;
  else if (GTK_WIDGET (button) == self->copy_email_button)
    text = self->booking->contact->email;
  else
    text = self->booking->contact->phone;
  if (text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);

  /* A tick for a moment says it worked. */
  if (self->copied_source != 0)
    {
      g_source_remove (self->copied_source);
      on_copied_timeout_cb (self);
    }
  gtk_button_set_icon_name (button, "object-select-symbolic");
  self->copied_button = GTK_WIDGET (button);
  self->copied_source = g_timeout_add (1500, on_copied_timeout_cb, self);
}

static gboolean
stage_changes (CcalBookingDetails *self,
               JsonObject         *changes)
{
  g_autoptr (GError) error = NULL;

  if (json_object_get_size (changes) == 0)
    return TRUE;
  if (!ccal_sync_update_booking (ccal_account_get_sync (self->account), self->booking_id, changes, &error))
    {
      show_gerror (self, error, NULL);
      return FALSE;
    }
  clear_error (self);
  refresh (self, FALSE);
  return TRUE;
}

static void
on_apply_status_clicked_cb (CcalBookingDetails *self)
{
  g_autoptr (JsonObject) changes = json_object_new ();
  guint selected = adw_combo_row_get_selected (self->status_row);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  CcalBookingStatus status;

  if (self->booking == NULL || selected >= self->next_statuses->len)
    return;
  status = g_array_index (self->next_statuses, CcalBookingStatus, selected);
  json_object_set_string_member (changes, "status", ccal_booking_status_to_string (status));
  if (reason[0] != '\0')
    {
      if (g_utf8_strlen (reason, -1) > 500)
        {
          show_error (self, "reason", _("The reason may be at most 500 characters."));
          return;
        }
      json_object_set_string_member (changes, "reason", reason);
    }
  if (stage_changes (self, changes))
    gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
}

/* The member for a text row: its text, or null when empty (clears it), only when it changed. */
static void
add_text_change (JsonObject  *changes,
                 const char  *member,
                 AdwEntryRow *row,
                 const char  *current)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (g_strcmp0 (text, current != NULL ? current : "") == 0)
    return;
  if (text[0] == '\0')
    json_object_set_null_member (changes, member);
  else
    json_object_set_string_member (changes, member, text);
}

static void
on_save_details_clicked_cb (CcalBookingDetails *self)
{
  g_autoptr (JsonObject) changes = json_object_new ();
  JsonNode *opportunity;

  if (self->booking == NULL)
    return;
  add_text_change (changes, "title", self->title_row, self->booking->title);
  add_text_change (changes, "location", self->location_row, self->booking->location);
  add_text_change (changes, "meeting_link", self->meeting_row, self->booking->meeting_link);
  add_text_change (changes, "opportunity_id", self->opportunity_row, self->booking->opportunity_id);

  /* The server takes only a UUID here; say so now rather than after a refused upload. */
  opportunity = json_object_get_member (changes, "opportunity_id");
  if (opportunity != NULL && !JSON_NODE_HOLDS_NULL (opportunity) &&
      !g_uuid_string_is_valid (json_node_get_string (opportunity)))
    {
      show_error (self, "opportunity_id",
                  _("The opportunity ID must be a UUID, like 123e4567-e89b-12d3-a456-426614174000."));
      return;
    }
  stage_changes (self, changes);
}

static void
on_save_result_clicked_cb (CcalBookingDetails *self)
{
  g_autoptr (GError) error = NULL;
  const char *outcome = gtk_editable_get_text (GTK_EDITABLE (self->outcome_row));
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (self->notes_row));

  if (self->booking == NULL)
    return;
  if (!ccal_sync_set_booking_result (ccal_account_get_sync (self->account), self->booking_id, outcome, notes, &error))
    {
      if (g_error_matches (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID) &&
          g_strcmp0 (ccal_core_error_get_field (error), "outcome") == 0)
        show_error (self, "outcome", _("Enter an outcome of 1 to 200 characters."));
      else
        show_gerror (self, error, NULL);
      return;
    }
  clear_error (self);
  refresh (self, FALSE);
}

static void
on_open_meeting_clicked_cb (CcalBookingDetails *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                gtk_editable_get_text (GTK_EDITABLE (self->meeting_row)), GDK_CURRENT_TIME);
}

static void
on_meeting_changed_cb (CcalBookingDetails *self)
{
  update_meeting_button (self);
}

/* ── conflict and refused changes ───────────────────────────────────────────────────────────── */

static void
resolve (CcalBookingDetails  *self,
         CcalCacheResolution  resolution)
{
  g_autoptr (GError) error = NULL;

  if (!ccal_sync_resolve_conflict (ccal_account_get_sync (self->account), CCAL_CACHE_COLLECTION_BOOKINGS,
                                   self->booking_id, resolution, &error))
    show_gerror (self, error, NULL);
  /* TAKE_THEIRS changes the row under the rows the person did not touch: take theirs everywhere. */
  refresh (self, resolution == CCAL_CACHE_RESOLVE_TAKE_THEIRS);
}

static void
on_keep_mine_clicked_cb (CcalBookingDetails *self)
{
  resolve (self, CCAL_CACHE_RESOLVE_KEEP_MINE);
}

static void
on_take_theirs_clicked_cb (CcalBookingDetails *self)
{
  resolve (self, CCAL_CACHE_RESOLVE_TAKE_THEIRS);
}

static void
on_retry_clicked_cb (CcalBookingDetails *self)
{
  CcalSync *sync = ccal_account_get_sync (self->account);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = ccal_cache_outbox_list (ccal_account_get_cache (self->account), &error);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CcalCacheOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->failed && entry->collection == CCAL_CACHE_COLLECTION_BOOKINGS &&
          g_strcmp0 (entry->object_id, self->booking_id) == 0 && !ccal_sync_retry_entry (sync, entry->id, &error))
        break;
    }
  if (error != NULL)
    show_gerror (self, error, NULL);
  else
    ccal_sync_push (sync);
  refresh (self, FALSE);
}

static void
on_discard_clicked_cb (CcalBookingDetails *self)
{
  g_autoptr (GError) error = NULL;

  if (!ccal_sync_discard_changes (ccal_account_get_sync (self->account), CCAL_CACHE_COLLECTION_BOOKINGS,
                                  self->booking_id, &error))
    show_gerror (self, error, NULL);
  refresh (self, TRUE);
}

/* ── reschedule ─────────────────────────────────────────────────────────────────────────────── */

static void
set_slots_note (CcalBookingDetails *self,
                const char         *note)
{
  gtk_label_set_label (self->slots_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->slots_label), note != NULL);
}

static void
on_slot_clicked_cb (GtkButton          *button,
                    CcalBookingDetails *self)
{
  g_autoptr (JsonObject) changes = json_object_new ();
  gint64 start = *(gint64 *) g_object_get_data (G_OBJECT (button), "start");
  g_autofree char *text = ccal_time_format_rfc3339 (start);

  if (self->booking == NULL)
    return;
  json_object_set_string_member (changes, "start_time", text);
  json_object_set_int_member (changes, "duration_minutes", self->booking->duration_minutes);
  if (stage_changes (self, changes))
    {
      remove_all_children (GTK_WIDGET (self->slots_box));
      set_slots_note (self, _("Moved. The server checks the new time when the change is sent."));
    }
}

static void
on_availability_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) slots = ccal_api_client_get_availability_finish (CCAL_API_CLIENT (source), result, NULL, NULL,
                                                                     &error);
  CcalBookingDetails *self;
  g_autofree char *tzid = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CCAL_BOOKING_DETAILS (user_data);
  gtk_widget_set_sensitive (self->find_slots_button, TRUE);

  if (slots == NULL)
    {
      if (is_transient (error))
        set_slots_note (self, _("Finding free times needs a connection to the server."));
      else
        {
          /* Translators: %s is the server's reason */
          g_autofree char *note = g_strdup_printf (_("Free times could not be fetched: %s"), error->message);

          set_slots_note (self, note);
        }
      return;
    }

  tzid = display_zone (self);
  for (guint i = 0; i < slots->len; i++)
    {
      const CcalInterval *slot = &g_array_index (slots, CcalInterval, i);
      g_autoptr (GDateTime) start = date_time_in_zone (slot->start, tzid);
      g_autofree char *label = format_clock (self, start);
      g_autofree char *a11y = NULL;
      GtkWidget *button = gtk_button_new_with_label (label);
      gint64 *stored = g_new (gint64, 1);

      *stored = slot->start;
      g_object_set_data_full (G_OBJECT (button), "start", stored, g_free);
      /* Translators: a button that moves the booking, "Move to 10:30" */
      a11y = g_strdup_printf (_("Move to %s"), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_set_tooltip_text (button, a11y);
      g_signal_connect (button, "clicked", G_CALLBACK (on_slot_clicked_cb), self);
      gtk_flow_box_append (self->slots_box, button);
    }
  set_slots_note (self, slots->len == 0 ? _("No free times on that day.") : NULL);
}

static void
find_slots (CcalBookingDetails *self)
{
  g_autofree char *tzid = display_zone (self);

  remove_all_children (GTK_WIDGET (self->slots_box));
  if (self->booking == NULL)
    return;
  if (is_offline (self))
    {
      set_slots_note (self, _("Finding free times needs a connection to the server."));
      return;
    }
  set_slots_note (self, _("Looking for free times…"));
  gtk_widget_set_sensitive (self->find_slots_button, FALSE);
  ccal_api_client_get_availability_async (ccal_account_get_api_client (self->account), &self->slot_date,
                                          self->booking->admin_id, tzid, self->booking->duration_minutes, NULL,
                                          self->cancellable, on_availability_cb, self);
}

static void
on_find_slots_clicked_cb (CcalBookingDetails *self)
{
  find_slots (self);
}

static void
on_date_selected_cb (CcalBookingDetails *self)
{
  if (self->selecting_day)
    return;
  ccal_calendar_get_gdate (self->date_calendar, &self->slot_date);
  set_date_button (self->date_button, &self->slot_date);
  gtk_menu_button_popdown (self->date_button);
  find_slots (self);
}

/* ── follow-ups ─────────────────────────────────────────────────────────────────────────────── */

static void
on_due_selected_cb (CcalBookingDetails *self)
{
  if (self->selecting_day)
    return;
  ccal_calendar_get_gdate (self->due_calendar, &self->due_date);
  set_date_button (self->due_button, &self->due_date);
  gtk_menu_button_popdown (self->due_button);
  clear_error (self);
}

static void
on_follow_up_created_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalFollowUp) follow_up = ccal_api_client_create_follow_up_finish (CCAL_API_CLIENT (source), result,
                                                                              &error);
  CcalBookingDetails *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CCAL_BOOKING_DETAILS (user_data);
  gtk_widget_set_sensitive (self->add_follow_up_button, TRUE);

  if (follow_up == NULL)
    {
      if (is_transient (error))
        show_error (self, "action", _("Adding a follow-up needs a connection to the server. What you typed is kept."));
      else
        show_gerror (self, error, "action");
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->action_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->follow_up_notes_row), "");
  clear_error (self);
  ccal_api_client_list_follow_ups_async (ccal_account_get_api_client (self->account), self->booking_id,
                                         self->cancellable, on_follow_ups_cb, self);
}

static void
on_add_follow_up_clicked_cb (CcalBookingDetails *self)
{
  g_autofree char *action = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->action_row))));
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (self->follow_up_notes_row));
  g_autofree char *tzid = display_zone (self);
  g_autofree char *key = NULL;
  CcalWallClock wall = { 0 };
  gint64 due_at;

  if (self->booking == NULL)
    return;
  if (action[0] == '\0' || g_utf8_strlen (action, -1) > 200)
    {
      show_error (self, "action", _("Enter an action of 1 to 200 characters, such as “Send the quote”."));
      return;
    }
  if (is_offline (self))
    {
      show_error (self, "action", _("Adding a follow-up needs a connection to the server. What you typed is kept."));
      return;
    }

  /* Due at 09:00 of the chosen day, in the zone the calendar is shown in. */
  wall.year = g_date_get_year (&self->due_date);
  wall.month = g_date_get_month (&self->due_date);
  wall.day = g_date_get_day (&self->due_date);
  wall.hour = 9;
  if (!ccal_time_from_wall_clock (&wall, tzid, &due_at, NULL))
    {
      show_error (self, "due_at", _("That day cannot be used as a due date."));
      return;
    }

  key = ccal_api_new_idempotency_key ();
  gtk_widget_set_sensitive (self->add_follow_up_button, FALSE);
  ccal_api_client_create_follow_up_async (ccal_account_get_api_client (self->account), self->booking_id, due_at,
                                          action, notes[0] != '\0' ? notes : NULL, key, self->cancellable,
                                          on_follow_up_created_cb, self);
}

/* Marking a follow-up done (or not) goes straight to the server: the check waits for its answer. */
typedef struct
{
  CcalBookingDetails *self;    /* not a reference: the pane's cancellable guards it */
  GWeakRef            check;   /* the list may be rebuilt meanwhile */
  char               *follow_up_id;
  gboolean            done;
  gboolean            had_focus;  /* the check loses it while insensitive; the keyboard user gets it back */
} DoneCall;

static void
done_call_free (DoneCall *call)
{
  g_weak_ref_clear (&call->check);
  g_free (call->follow_up_id);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DoneCall, done_call_free)

/* Sets @check without it counting as the person's toggle. */
static void
set_done_quietly (CcalBookingDetails *self,
                  GtkCheckButton     *check,
                  gboolean            active)
{
  g_signal_handlers_block_by_func (check, on_done_toggled_cb, self);
  gtk_check_button_set_active (check, active);
  g_signal_handlers_unblock_by_func (check, on_done_toggled_cb, self);
}

/* The change did not happen: the check shows the stored state again and the line under the list says why. */
static void
refuse_done (CcalBookingDetails *self,
             GtkCheckButton     *check,
             gboolean            done,
             gboolean            had_focus,
             const char         *message)
{
  show_error (self, "done", message);
  if (check == NULL)
    return;
  set_done_quietly (self, check, !done);
  gtk_widget_set_sensitive (GTK_WIDGET (check), TRUE);
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (check));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->follow_ups_label, NULL, -1);
}

static void
on_follow_up_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (DoneCall) call = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalFollowUp) follow_up = ccal_api_client_set_follow_up_done_finish (CCAL_API_CLIENT (source), result,
                                                                                &error);
  g_autoptr (GtkCheckButton) check = NULL;
  CcalBookingDetails *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = call->self;
  check = g_weak_ref_get (&call->check);

  if (follow_up == NULL)
    {
      g_autofree char *message = NULL;

      if (is_transient (error))
        message = g_strdup (_("Changing a follow-up needs a connection to the server."));
      else
        /* Translators: %s is why the server refused, as it said it */
        message = g_strdup_printf (_("The follow-up could not be changed: %s"), error->message);
      refuse_done (self, check, call->done, call->had_focus, message);
      return;
    }

  clear_error (self);
  if (call->had_focus)
    {
      g_free (self->focus_follow_up_id);
      self->focus_follow_up_id = g_strdup (call->follow_up_id);
    }
  ccal_api_client_list_follow_ups_async (ccal_account_get_api_client (self->account), self->booking_id,
                                         self->cancellable, on_follow_ups_cb, self);
}

static void
on_done_toggled_cb (GtkCheckButton     *check,
                    CcalBookingDetails *self)
{
  gboolean done = gtk_check_button_get_active (check);
  const char *follow_up_id = g_object_get_data (G_OBJECT (check), "follow-up-id");
  DoneCall *call;

  if (self->booking_id == NULL || follow_up_id == NULL)
    return;
  if (is_offline (self))
    {
      refuse_done (self, check, done, FALSE, _("Changing a follow-up needs a connection to the server."));
      return;
    }

  clear_error (self);
  call = g_new0 (DoneCall, 1);
  call->self = self;
  g_weak_ref_init (&call->check, check);
  call->follow_up_id = g_strdup (follow_up_id);
  call->done = done;
  call->had_focus = gtk_widget_has_focus (GTK_WIDGET (check));
  /* One change at a time per follow-up: the answer re-enables it (or the refresh replaces it). */
  gtk_widget_set_sensitive (GTK_WIDGET (check), FALSE);
  ccal_api_client_set_follow_up_done_async (ccal_account_get_api_client (self->account), self->booking_id,
                                            follow_up_id, done, self->cancellable, on_follow_up_done_cb, call);
}

/* ── the booking id ─────────────────────────────────────────────────────────────────────────── */

static void
reset_for_booking (CcalBookingDetails *self)
{
  g_autofree char *tzid = display_zone (self);
  gint64 now = g_get_real_time ();

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->follow_ups, g_ptr_array_unref);
  g_clear_object (&self->booking);
  self->state = CCAL_CACHE_STATE_SYNCED;
  clear_error (self);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->action_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->follow_up_notes_row), "");
  gtk_widget_set_sensitive (self->find_slots_button, TRUE);
  remove_all_children (GTK_WIDGET (self->slots_box));
  set_slots_note (self, _("Pick a day, then Find Free Times."));

  /* A follow-up is due tomorrow unless the person picks another day. */
  if (!ccal_time_to_date (now + G_TIME_SPAN_DAY, tzid, &self->due_date, NULL))
    g_date_set_time_t (&self->due_date, (time_t) (now / G_USEC_PER_SEC) + 86400);
  set_date_button (self->due_button, &self->due_date);
  select_calendar_day (self, self->due_calendar, &self->due_date);
}

const char *
ccal_booking_details_get_booking_id (CcalBookingDetails *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DETAILS (self), NULL);
  return self->booking_id;
}

void
ccal_booking_details_set_booking_id (CcalBookingDetails *self,
                                     const char         *booking_id)
{
  g_return_if_fail (CCAL_IS_BOOKING_DETAILS (self));

  if (g_strcmp0 (booking_id, self->booking_id) == 0)
    return;
  g_free (self->booking_id);
  self->booking_id = g_strdup (booking_id);

  reset_for_booking (self);
  refresh (self, TRUE);
  if (self->booking != NULL)
    {
      g_autofree char *tzid = display_zone (self);

      if (!ccal_time_to_date (self->booking->start_time, tzid, &self->slot_date, NULL))
        g_date_set_time_t (&self->slot_date, (time_t) (self->booking->start_time / G_USEC_PER_SEC));
      set_date_button (self->date_button, &self->slot_date);
      select_calendar_day (self, self->date_calendar, &self->slot_date);
      fetch_remote (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOOKING_ID]);
}

CcalAccount *
ccal_booking_details_get_account (CcalBookingDetails *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DETAILS (self), NULL);
  return self->account;
}

CcalBookingDetails *
ccal_booking_details_new (CcalAccount *account)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);
  return g_object_new (CCAL_TYPE_BOOKING_DETAILS, "account", account, NULL);
}

/* ── GObject ────────────────────────────────────────────────────────────────────────────────── */

static void
ccal_booking_details_constructed (GObject *object)
{
  CcalBookingDetails *self = CCAL_BOOKING_DETAILS (object);
  CcalSync *sync;

  G_OBJECT_CLASS (ccal_booking_details_parent_class)->constructed (object);

  g_assert (self->account != NULL);
  sync = ccal_account_get_sync (self->account);
  g_signal_connect_object (sync, "objects-changed", G_CALLBACK (on_objects_changed_cb), self, 0);
  g_signal_connect_object (sync, "notify::state", G_CALLBACK (on_sync_state_cb), self, G_CONNECT_SWAPPED);
  refresh (self, TRUE);
}

static void
ccal_booking_details_dispose (GObject *object)
{
  CcalBookingDetails *self = CCAL_BOOKING_DETAILS (object);

  /* AdwBin unparents the template's child; nothing may reach the rows after this. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->copied_source, g_source_remove);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (ccal_account_get_sync (self->account), self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ccal_booking_details_parent_class)->dispose (object);
}

static void
ccal_booking_details_finalize (GObject *object)
{
  CcalBookingDetails *self = CCAL_BOOKING_DETAILS (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);
  g_clear_object (&self->settings);
  g_clear_object (&self->booking);
  g_clear_pointer (&self->booking_id, g_free);
  g_clear_pointer (&self->failure_reason, g_free);
  g_clear_pointer (&self->next_statuses, g_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->follow_ups, g_ptr_array_unref);
  g_clear_pointer (&self->focus_follow_up_id, g_free);

  G_OBJECT_CLASS (ccal_booking_details_parent_class)->finalize (object);
}

static void
ccal_booking_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CcalBookingDetails *self = CCAL_BOOKING_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_BOOKING_ID:
      g_value_set_string (value, self->booking_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_booking_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CcalBookingDetails *self = CCAL_BOOKING_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_BOOKING_ID:
      ccal_booking_details_set_booking_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_booking_details_class_init (CcalBookingDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ccal_booking_details_constructed;
  object_class->dispose = ccal_booking_details_dispose;
  object_class->finalize = ccal_booking_details_finalize;
  object_class->get_property = ccal_booking_details_get_property;
  object_class->set_property = ccal_booking_details_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CCAL_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BOOKING_ID] =
    g_param_spec_string ("booking-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/customerconnects/Calendar/ccal-booking-details.ui");
  gtk_widget_class_set_css_name (widget_class, "bookingdetails");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CcalBookingDetails, name)
  BIND (stack);
  BIND (empty_page);
  BIND (heading_label);
  BIND (subheading_label);
  BIND (status_label);
  BIND (notice_revealer);
  BIND (notice_box);
  BIND (notice_icon);
  BIND (notice_label);
  BIND (notice_buttons);
  BIND (keep_mine_button);
  BIND (take_theirs_button);
  BIND (retry_button);
  BIND (discard_button);
  BIND (error_revealer);
  BIND (error_label);
  BIND (name_row);
  BIND (email_row);
  BIND (phone_row);
  BIND (copy_name_button);
  BIND (copy_email_button);
  BIND (copy_phone_button);
  BIND (time_row);
  BIND (caller_time_row);
  BIND (status_group);
  BIND (status_row);
  BIND (reason_row);
  BIND (final_row);
  BIND (apply_status_button);
  BIND (history_list);
  BIND (history_label);
  BIND (reschedule_group);
  BIND (date_row);
  BIND (date_button);
  BIND (date_calendar);
  BIND (slots_box);
  BIND (slots_label);
  BIND (title_row);
  BIND (location_row);
  BIND (meeting_row);
  BIND (open_meeting_button);
  BIND (opportunity_row);
  BIND (save_details_button);
  BIND (outcome_row);
  BIND (notes_row);
  BIND (save_result_button);
  BIND (follow_ups_list);
  BIND (follow_ups_label);
  BIND (due_row);
  BIND (due_button);
  BIND (due_calendar);
  BIND (action_row);
  BIND (follow_up_notes_row);
  BIND (add_follow_up_button);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_status_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_details_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_result_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_meeting_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_mine_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_take_theirs_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_discard_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_due_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_follow_up_clicked_cb);
}

static void
ccal_booking_details_init (CcalBookingDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->next_statuses = g_array_new (FALSE, FALSE, sizeof (CcalBookingStatus));
  self->cancellable = g_cancellable_new ();
  g_date_clear (&self->slot_date, 1);
  g_date_clear (&self->due_date, 1);

  self->find_slots_button = gtk_button_new_with_mnemonic (_("_Find Free Times"));
  gtk_widget_set_name (self->find_slots_button, "find-slots-button");
  gtk_widget_set_valign (self->find_slots_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->find_slots_button, "clicked", G_CALLBACK (on_find_slots_clicked_cb), self);
  adw_action_row_add_suffix (self->date_row, self->find_slots_button);

  g_signal_connect_swapped (self->meeting_row, "changed", G_CALLBACK (on_meeting_changed_cb), self);
  g_signal_connect_object (self->settings, "changed::display-timezone", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::use-24h", G_CALLBACK (on_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_name_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy Name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_email_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy E-mail Address"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_phone_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy Phone Number"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->open_meeting_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open Meeting Link"), -1);
  reset_for_booking (self);
}
