/* ccal-booking-dialog.c — booking on behalf of a caller: pick a free slot, hold it, type the caller's details, book
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-booking-dialog.h"
#include "ccal-date-util.h"
#include "ccal-ical.h"
#include "ccal-time.h"
#include "ccal-validation.h"

#define USEC_PER_MINUTE   G_GINT64_CONSTANT (60000000)
/* How often the day's free slots are asked for again while the dialog is open. */
#define REFRESH_SECONDS   30
/* Below this many seconds the countdown is shown as a warning. */
#define HOLD_WARN_SECONDS 60
#define N_SUGGESTIONS     5

/* The form's fields, in the order they are checked and shown. */
typedef enum
{
  FIELD_NAME,
  FIELD_EMAIL,
  FIELD_PHONE,
  FIELD_PRODUCT_INTEREST,
  FIELD_NOTES,
  FIELD_TIMEZONE,
  N_FIELDS
} Field;

static const char * const field_names[N_FIELDS] = {
  "name", "email", "phone", "product_interest", "notes", "timezone",
};

typedef enum
{
  DONE_CONFIRMED,
  DONE_UNCONFIRMED,
  DONE_FAILED,
} DoneState;

struct _CcalBookingDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *cancel_button;
  GtkWidget        *book_button;
  GtkWidget        *busy_spinner;
  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  GtkWidget        *admin_group;
  AdwComboRow      *admin_row;
  GtkCalendar      *calendar;
  GtkLabel         *slots_heading;
  GtkWidget        *slots_spinner;
  GtkLabel         *slots_caption;
  GtkListBox       *slot_list;
  GtkLabel         *slots_empty_label;
  GtkRevealer      *notice_revealer;
  GtkLabel         *notice_label;
  GtkWidget        *hold_box;
  GtkImage         *hold_icon;
  GtkLabel         *hold_title_label;
  GtkLabel         *hold_detail_label;
  GtkLabel         *countdown_label;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  AdwEntryRow      *name_row;
  AdwEntryRow      *email_row;
  AdwEntryRow      *phone_row;
  GtkRevealer      *suggest_revealer;
  GtkListBox       *suggest_list;
  AdwEntryRow      *product_row;
  AdwComboRow      *timezone_row;
  GtkWidget        *notes_frame;
  GtkTextView      *notes_view;
  AdwStatusPage    *offline_page;
  GtkLabel         *offline_reason_label;
  AdwStatusPage    *done_page;
  GtkLabel         *summary_label;
  GtkWidget        *pick_again_button;
  GtkWidget        *add_another_button;
  GtkWidget        *done_close_button;

  /* owned */
  CcalAccount      *account;
  GCancellable     *cancellable;        /* cancelled in dispose */
  GCancellable     *load_cancellable;   /* the slot load going on */
  char             *display_tz;
  gboolean          use_24h;
  GStrv             zones;              /* the caller's time zone row: "Not known", then these */
  char             *admin_id;           /* the calendar booked */
  GStrv             admin_ids;          /* from GET /admins; NULL until it answers */
  GStrv             admin_names;
  GDate             date;
  GArray           *slots;              /* CcalInterval, the listed slots */
  int               slot_minutes;
  gboolean          slots_unchecked;    /* offline: the one slot listed is the week view's, not the server's */
  gint64            pending_start;      /* set_start (): pick this slot once listed; 0 for none */
  gint64            pick_start;         /* the slot picked; 0 for none */
  gint64            pick_end;
  CcalHold         *hold;               /* the server's hold on it, NULL when not held */
  guint             hold_serial;        /* which pick a hold answer belongs to */
  guint             load_serial;
  GPtrArray        *suggestions;        /* CcalContact shown under the contact rows */
  GStrv             error_fields;
  char             *notice;
  CcalBooking      *booking;            /* the booking made; NULL before */
  DoneState         done_state;
  char             *status;
  GtkNativeDialog  *chooser;
  guint             countdown_id;
  guint             refresh_id;
  gboolean          loading;
  gboolean          loading_admins;
  gboolean          holding;
  gboolean          submitting;
  gboolean          submit_after_hold;
  gboolean          updating;           /* setting widgets from code: no reactions */
  gboolean          disposed;
};

G_DEFINE_FINAL_TYPE (CcalBookingDialog, ccal_booking_dialog, ADW_TYPE_WINDOW)

enum {
  BOOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_slots          (CcalBookingDialog *self);
static void update_hold_display (CcalBookingDialog *self);
static void update_busy         (CcalBookingDialog *self);
static void submit              (CcalBookingDialog *self,
                                 gboolean           queue_unconfirmed);

/* ── formatting ─────────────────────────────────────────────────────────────────────────────── */

static char *
format_clock (CcalBookingDialog *self,
              gint64             usec,
              const char        *tzid)
{
  CcalWallClock wall;

  if (!ccal_time_to_wall_clock (usec, tzid, &wall, NULL))
    return g_strdup ("?");
  if (self->use_24h)
    return g_strdup_printf ("%02d:%02d", wall.hour, wall.minute);
  return g_strdup_printf ("%d:%02d %s", wall.hour % 12 == 0 ? 12 : wall.hour % 12, wall.minute,
                          wall.hour < 12 ? _("AM") : _("PM"));
}

/* The calendar day @usec falls on in @tzid, formatted by g_date_time_format () @format. */
static char *
format_day (gint64      usec,
            const char *tzid,
            const char *format)
{
  g_autoptr (GDateTime) noon = NULL;
  CcalWallClock wall;

  if (!ccal_time_to_wall_clock (usec, tzid, &wall, NULL))
    return g_strdup ("?");
  noon = g_date_time_new_utc (wall.year, wall.month, wall.day, 12, 0, 0);
  return g_date_time_format (noon, format);
}

static char *
format_date (const GDate *date,
             const char  *format)
{
  g_autoptr (GDateTime) noon = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                    g_date_get_day (date), 12, 0, 0);

  return g_date_time_format (noon, format);
}

/* Does @usec fall, in @tzid, on the day the slot list shows? */
static gboolean
on_shown_day (CcalBookingDialog *self,
              gint64             usec,
              const char        *tzid)
{
  GDate date;

  g_date_clear (&date, 1);
  return ccal_time_to_date (usec, tzid, &date, NULL) && g_date_compare (&date, &self->date) == 0;
}

/* "09:00 – 09:30" */
static char *
format_range (CcalBookingDialog *self,
              gint64             start,
              gint64             end,
              const char        *tzid)
{
  g_autofree char *from = format_clock (self, start, tzid);
  g_autofree char *to = format_clock (self, end, tzid);

  /* Translators: a time range, "09:00 – 09:30" */
  return g_strdup_printf (_("%s – %s"), from, to);
}

/* "Tue 24 Nov, 09:00 – 09:30" in the display zone. */
static char *
format_slot (CcalBookingDialog *self,
             gint64             start,
             gint64             end)
{
  /* Translators: a short date; see g_date_time_format() */
  g_autofree char *day = format_day (start, self->display_tz, _("%a %-d %b"));
  g_autofree char *range = format_range (self, start, end, self->display_tz);

  /* Translators: "Tue 24 Nov, 09:00 – 09:30" */
  return g_strdup_printf (_("%s, %s"), day, range);
}

static char *
format_offset (const char *tzid,
               gint64      at)
{
  int offset = 0;
  g_autofree char *text = NULL;

  if (!ccal_time_zone_get_offset (tzid, at, &offset, NULL))
    return g_strdup (tzid);
  text = ccal_time_format_utc_offset (offset);
  /* Translators: a time zone and its offset, "Europe/Berlin (UTC+01:00)" */
  return g_strdup_printf (_("%s (UTC%s)"), tzid, text);
}

/* ── reading the form ───────────────────────────────────────────────────────────────────────── */

static GtkWidget *
field_widget (CcalBookingDialog *self,
              Field              field)
{
  switch (field)
    {
    case FIELD_NAME:
      return GTK_WIDGET (self->name_row);
    case FIELD_EMAIL:
      return GTK_WIDGET (self->email_row);
    case FIELD_PHONE:
      return GTK_WIDGET (self->phone_row);
    case FIELD_PRODUCT_INTEREST:
      return GTK_WIDGET (self->product_row);
    case FIELD_NOTES:
      return self->notes_frame;
    case FIELD_TIMEZONE:
      return GTK_WIDGET (self->timezone_row);
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
field_label (Field field)
{
  switch (field)
    {
    case FIELD_NAME:
      return _("Name");
    case FIELD_EMAIL:
      return _("E-mail");
    case FIELD_PHONE:
      return _("Phone");
    case FIELD_PRODUCT_INTEREST:
      return _("Product interest");
    case FIELD_NOTES:
      return _("Notes");
    case FIELD_TIMEZONE:
      return _("Caller’s time zone");
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static int
field_from_name (const char *name)
{
  for (int i = 0; i < N_FIELDS; i++)
    {
      if (g_strcmp0 (field_names[i], name) == 0)
        return i;
    }
  return -1;
}

static const char *
get_timezone (CcalBookingDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->timezone_row);

  /* Item 0 is "Not known". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > g_strv_length (self->zones))
    return NULL;
  return self->zones[selected - 1];
}

static void
select_timezone (CcalBookingDialog *self,
                 const char        *tzid)
{
  guint position = 0;

  for (guint i = 0; tzid != NULL && tzid[0] != '\0' && self->zones[i] != NULL; i++)
    {
      if (g_str_equal (self->zones[i], tzid))
        {
          position = i + 1;
          break;
        }
    }
  adw_combo_row_set_selected (self->timezone_row, position);
}

/* The field's text with surrounding spaces removed (the notes as typed). */
static char *
read_field (CcalBookingDialog *self,
            Field              field)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  const char *tzid;

  switch (field)
    {
    case FIELD_NAME:
    case FIELD_EMAIL:
    case FIELD_PHONE:
    case FIELD_PRODUCT_INTEREST:
      return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field_widget (self, field)))));
    case FIELD_NOTES:
      buffer = gtk_text_view_get_buffer (self->notes_view);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    case FIELD_TIMEZONE:
      tzid = get_timezone (self);
      return g_strdup (tzid != NULL ? tzid : "");
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/* ── notices and field errors ───────────────────────────────────────────────────────────────── */

static void
show_notice (CcalBookingDialog *self,
             const char        *text)
{
  g_free (self->notice);
  self->notice = g_strdup (text);
  gtk_label_set_label (self->notice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
}

static void
clear_notice (CcalBookingDialog *self)
{
  g_clear_pointer (&self->notice, g_free);
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_revealer), FALSE);
}

static void
mark_field (CcalBookingDialog *self,
            Field              field,
            const char        *message)
{
  GtkWidget *widget = field_widget (self, field);
  GtkAccessible *accessible = GTK_ACCESSIBLE (field == FIELD_NOTES ? GTK_WIDGET (self->notes_view) : widget);

  if (message != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_state (accessible, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_relation (accessible, GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->error_label, -1);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_accessible_reset_state (accessible, GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (accessible, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_relation (accessible, GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
    }
}

static void
clear_errors (CcalBookingDialog *self)
{
  for (int i = 0; i < N_FIELDS; i++)
    mark_field (self, i, NULL);
  g_clear_pointer (&self->error_fields, g_strfreev);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), FALSE);
}

/* Shows every problem, one line each naming its field, marks the fields and focuses the first.
 * @messages[i] is NULL for a good field. */
static void
show_errors (CcalBookingDialog *self,
             const char        *messages[N_FIELDS])
{
  g_autoptr (GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr (GString) text = g_string_new (_("Check these fields — nothing was sent:"));
  GtkWidget *first = NULL;

  clear_errors (self);
  for (int i = 0; i < N_FIELDS; i++)
    {
      if (messages[i] == NULL)
        continue;
      /* Translators: one line of the list of problems: "• E-mail: Enter an e-mail address…" */
      g_string_append_printf (text, _("\n• %s: %s"), field_label (i), messages[i]);
      g_strv_builder_add (fields, field_names[i]);
      mark_field (self, i, messages[i]);
      if (first == NULL)
        first = i == FIELD_NOTES ? GTK_WIDGET (self->notes_view) : field_widget (self, i);
    }
  if (first == NULL)
    return;

  self->error_fields = g_strv_builder_end (fields);
  gtk_label_set_label (self->error_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  gtk_widget_grab_focus (first);
}

/* A message a person can act on, in their language, for a field the core's check refused. */
static const char *
field_problem (Field field)
{
  switch (field)
    {
    case FIELD_NAME:
      return _("Enter the caller’s name (at most 200 characters).");
    case FIELD_EMAIL:
      return _("Enter an e-mail address like name@example.com.");
    case FIELD_PHONE:
      return _("Use only digits, spaces and + - ( ) in the phone number, or leave it empty.");
    case FIELD_PRODUCT_INTEREST:
      return _("Keep the product interest to 200 characters.");
    case FIELD_NOTES:
      return _("Keep the notes to 5000 characters.");
    case FIELD_TIMEZONE:
      return _("Choose a time zone from the list.");
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/* The core's checks, so that the dialog and the server agree on what is valid. */
static gboolean
validate_form (CcalBookingDialog *self)
{
  const char *messages[N_FIELDS] = { NULL };
  gboolean ok = TRUE;

  for (int i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *value = read_field (self, i);
      g_autoptr (GError) error = NULL;
      gboolean valid = TRUE;

      switch ((Field) i)
        {
        case FIELD_NAME:
          valid = ccal_validate_name (value, field_names[i], &error);
          break;
        case FIELD_EMAIL:
          valid = ccal_validate_email (value, field_names[i], &error);
          break;
        case FIELD_PHONE:
          valid = ccal_validate_phone (value, field_names[i], &error);
          break;
        case FIELD_PRODUCT_INTEREST:
          valid = ccal_validate_text_length (value, 200, field_names[i], &error);
          break;
        case FIELD_NOTES:
          valid = ccal_validate_text_length (value, 5000, field_names[i], &error);
          break;
        case FIELD_TIMEZONE:
          valid = value[0] == '\0' || ccal_validate_timezone (value, field_names[i], &error);
          break;
        case N_FIELDS:
        default:
          g_assert_not_reached ();
        }
      if (!valid)
        {
          messages[i] = field_problem (i);
          ok = FALSE;
        }
    }
  if (!ok)
    show_errors (self, messages);
  return ok;
}

/* ── contact suggestions ────────────────────────────────────────────────────────────────────── */

static void
hide_suggestions (CcalBookingDialog *self)
{
  GtkWidget *child;

  gtk_revealer_set_reveal_child (self->suggest_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->suggest_revealer), FALSE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggest_list))) != NULL)
    gtk_list_box_remove (self->suggest_list, child);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
}

static void
update_suggestions (CcalBookingDialog *self,
                    const char        *text)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = read_field (self, FIELD_NAME);
  g_autofree char *email = read_field (self, FIELD_EMAIL);

  hide_suggestions (self);
  if (g_utf8_strlen (text, -1) < 2)
    return;

  found = ccal_cache_suggest_contacts (ccal_account_get_cache (self->account), text, N_SUGGESTIONS, &error);
  if (found == NULL)
    {
      g_debug ("No contact suggestions: %s", error->message);
      return;
    }

  self->suggestions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->len; i++)
    {
      CcalContact *contact = g_ptr_array_index (found, i);
      g_autofree char *detail = NULL;
      GtkWidget *row, *box, *title, *subtitle;

      /* The caller already filled in: nothing to suggest. */
      if (g_strcmp0 (contact->name, name) == 0 && g_ascii_strcasecmp (contact->email != NULL ? contact->email : "",
                                                                      email) == 0)
        continue;

      detail = contact->phone != NULL && contact->phone[0] != '\0'
               ? g_strdup_printf ("%s · %s", contact->email, contact->phone)
               : g_strdup (contact->email);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      title = gtk_label_new (contact->name);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      subtitle = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
      gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (subtitle, "dim-label");
      gtk_widget_add_css_class (subtitle, "caption");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), subtitle);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      /* + 1: never NULL */
      g_object_set_data (G_OBJECT (row), "contact-index", GUINT_TO_POINTER (self->suggestions->len + 1));
      gtk_list_box_append (self->suggest_list, row);
      g_ptr_array_add (self->suggestions, g_object_ref (contact));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->suggest_revealer), self->suggestions->len > 0);
  gtk_revealer_set_reveal_child (self->suggest_revealer, self->suggestions->len > 0);
}

static void
on_suggest_row_activated_cb (CcalBookingDialog *self,
                             GtkListBoxRow     *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "contact-index")) - 1;
  g_autoptr (CcalContact) contact = NULL;

  if (self->suggestions == NULL || index >= self->suggestions->len)
    return;
  contact = g_object_ref (g_ptr_array_index (self->suggestions, index));
  hide_suggestions (self);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), contact->name != NULL ? contact->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), contact->email != NULL ? contact->email : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), contact->phone != NULL ? contact->phone : "");
  if (contact->timezone != NULL)
    select_timezone (self, contact->timezone);
  self->updating = FALSE;

  mark_field (self, FIELD_NAME, NULL);
  mark_field (self, FIELD_EMAIL, NULL);
  mark_field (self, FIELD_PHONE, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_row));
}

static void
on_field_changed_cb (CcalBookingDialog *self,
                     GtkEditable       *editable)
{
  for (int i = 0; i < N_FIELDS; i++)
    {
      if (field_widget (self, i) == GTK_WIDGET (editable))
        mark_field (self, i, NULL);
    }
}

static void
on_contact_field_changed_cb (CcalBookingDialog *self,
                             GtkEditable       *editable)
{
  on_field_changed_cb (self, editable);
  if (self->updating)
    return;
  update_suggestions (self, gtk_editable_get_text (editable));
}

static void
on_notes_changed_cb (CcalBookingDialog *self)
{
  mark_field (self, FIELD_NOTES, NULL);
}

/* ── the hold ───────────────────────────────────────────────────────────────────────────────── */

static void
on_hold_released_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* It expires on its own within minutes when this fails (offline): nothing for a person to do. */
  if (!ccal_api_client_delete_hold_finish (CCAL_API_CLIENT (source), result, &error))
    g_debug ("Could not release a hold: %s", error->message);
}

static void
release_hold_by_id (CcalAccount *account,
                    const char  *hold_id)
{
  ccal_api_client_delete_hold_async (ccal_account_get_api_client (account), hold_id, NULL, on_hold_released_cb, NULL);
}

/* Tells the server the hold is not needed any more (fire and forget). */
static void
release_hold (CcalBookingDialog *self)
{
  g_autoptr (CcalHold) hold = g_steal_pointer (&self->hold);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (hold != NULL && self->account != NULL)
    release_hold_by_id (self->account, hold->id);
}

/* The server used the hold (a booking) or will (a queued one): keep it, just stop showing it. */
static void
forget_hold (CcalBookingDialog *self)
{
  g_clear_pointer (&self->hold, ccal_hold_free);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
}

static void
clear_pick (CcalBookingDialog *self)
{
  release_hold (self);
  self->hold_serial++;
  self->pick_start = 0;
  self->pick_end = 0;
  self->submit_after_hold = FALSE;
}

static gboolean
on_countdown_cb (gpointer user_data)
{
  CcalBookingDialog *self = user_data;

  if (self->hold != NULL && self->hold->expires_at <= g_get_real_time ())
    {
      g_autofree char *slot = format_slot (self, self->hold->start_time, self->hold->end_time);
      g_autofree char *text = NULL;

      /* The server dropped it already: nothing to release. */
      self->countdown_id = 0;
      forget_hold (self);
      clear_pick (self);
      /* Translators: %s is a slot, "Tue 24 Nov, 09:00 – 09:30" */
      text = g_strdup_printf (_("The hold on %s ran out, so others may book it now. Pick the time again."), slot);
      show_notice (self, text);
      update_hold_display (self);
      load_slots (self);
      return G_SOURCE_REMOVE;
    }
  update_hold_display (self);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  CcalBookingDialog *self;   /* a reference */
  guint              serial;
} HoldCall;

static void
on_hold_created_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HoldCall *call = user_data;
  g_autoptr (CcalBookingDialog) self = call->self;
  g_autoptr (CcalHold) hold = NULL;
  g_autoptr (GError) error = NULL;
  guint serial = call->serial;

  g_free (call);
  hold = ccal_api_client_create_hold_finish (CCAL_API_CLIENT (source), result, &error);

  /* A hold for a slot nobody wants any more (another pick, or the dialog is gone): let it go. */
  if (self->disposed || serial != self->hold_serial)
    {
      if (hold != NULL)
        release_hold_by_id (self->account, hold->id);
      return;
    }

  self->holding = FALSE;
  if (hold != NULL)
    {
      self->hold = g_steal_pointer (&hold);
      g_clear_handle_id (&self->countdown_id, g_source_remove);
      self->countdown_id = g_timeout_add (1000, on_countdown_cb, self);
    }
  else if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_SLOT_UNAVAILABLE))
    {
      clear_pick (self);
      show_notice (self, _("That time was just taken. The free times are shown again — pick another; "
                           "everything typed is kept."));
      self->submit_after_hold = FALSE;
      load_slots (self);
    }
  else if (ccal_api_error_is_transient (error))
    {
      /* Kept picked without a hold: booking it checks the slot, or offers to queue it. */
      g_debug ("No hold: %s", error->message);
    }
  else
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the server's reason */
      text = g_strdup_printf (_("The time could not be held: %s"), error->message);
      show_notice (self, text);
    }

  update_hold_display (self);
  update_busy (self);
  if (self->submit_after_hold)
    {
      self->submit_after_hold = FALSE;
      if (self->pick_start != 0)
        submit (self, FALSE);
    }
}

static void
pick (CcalBookingDialog *self,
      gint64             start,
      gint64             end)
{
  HoldCall *call;

  if (self->submitting || (start == self->pick_start && (self->hold != NULL || self->holding)))
    return;

  clear_pick (self);
  clear_notice (self);
  self->pick_start = start;
  self->pick_end = end;
  if (self->slots_unchecked)
    {
      update_hold_display (self);
      return;
    }

  self->holding = TRUE;
  call = g_new0 (HoldCall, 1);
  call->self = g_object_ref (self);
  call->serial = self->hold_serial;
  ccal_api_client_create_hold_async (ccal_account_get_api_client (self->account), self->admin_id, start,
                                     (int) ((end - start) / USEC_PER_MINUTE), 0, NULL, NULL,
                                     on_hold_created_cb, call);
  update_hold_display (self);
  update_busy (self);
}

/* ── the slot list ──────────────────────────────────────────────────────────────────────────── */

static const char *
slot_state_text (CcalBookingDialog *self,
                 gint64             start)
{
  if (start != self->pick_start)
    return NULL;
  if (self->hold != NULL)
    return _("Held");
  if (self->holding)
    return _("Holding…");
  if (self->slots_unchecked)
    return _("Not checked");
  return _("Picked");
}

static void
update_slot_states (CcalBookingDialog *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->slot_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkLabel *state = g_object_get_data (G_OBJECT (row), "state-label");
      GtkWidget *icon = g_object_get_data (G_OBJECT (row), "state-icon");
      gint64 *start = g_object_get_data (G_OBJECT (row), "start");
      const char *text;

      if (state == NULL || start == NULL)
        continue;
      text = slot_state_text (self, *start);
      gtk_label_set_label (state, text != NULL ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (state), text != NULL);
      if (icon != NULL)
        gtk_widget_set_visible (icon, text != NULL && self->hold != NULL);
      if (*start == self->pick_start)
        gtk_widget_add_css_class (row, "picked-slot");
      else
        gtk_widget_remove_css_class (row, "picked-slot");
    }
}

static void
update_slot_caption (CcalBookingDialog *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *day = NULL;
  g_autofree char *zone = NULL;
  g_autoptr (GString) caption = g_string_new (NULL);
  const char *caller_tz = get_timezone (self);
  gint64 noon = 0, day_end = 0;

  if (!g_date_valid (&self->date))
    return;
  /* Translators: a long date; see g_date_time_format() */
  day = format_date (&self->date, _("%A %-d %B"));
  /* Translators: the heading above the slot list; %s is a date, "Tuesday 24 November" */
  heading = g_strdup_printf (_("_Free times on %s"), day);
  gtk_label_set_label (self->slots_heading, heading);

  ccal_time_day_bounds (&self->date, self->display_tz, &noon, &day_end, NULL);
  noon += 12 * 60 * USEC_PER_MINUTE;
  zone = format_offset (self->display_tz, noon);
  if (self->slot_minutes > 0)
    /* Translators: %d is the slot length, %s a time zone, "30-minute slots, times in Europe/Berlin (UTC+01:00)" */
    g_string_printf (caption, g_dngettext (GETTEXT_PACKAGE, "%d-minute slots, times in %s",
                                           "%d-minute slots, times in %s", self->slot_minutes),
                     self->slot_minutes, zone);
  else
    /* Translators: %s is a time zone */
    g_string_printf (caption, _("Times in %s"), zone);
  if (caller_tz != NULL && g_strcmp0 (caller_tz, self->display_tz) != 0)
    {
      g_autofree char *caller_zone = format_offset (caller_tz, noon);

      /* Translators: added to the slot caption; %s is the caller's time zone */
      g_string_append_printf (caption, _("; the caller’s in %s"), caller_zone);
    }
  gtk_label_set_label (self->slots_caption, caption->str);
}

static GtkWidget *
create_slot_row (CcalBookingDialog  *self,
                 const CcalInterval *slot)
{
  g_autofree char *range = format_range (self, slot->start, slot->end, self->display_tz);
  g_autofree char *accessible = NULL;
  g_autofree char *caller_text = NULL;
  const char *caller_tz = get_timezone (self);
  GtkWidget *row, *box, *texts, *time_label, *state_label, *state_icon;
  gint64 *start;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  time_label = gtk_label_new (range);
  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_box_append (GTK_BOX (texts), time_label);

  if (caller_tz != NULL && g_strcmp0 (caller_tz, self->display_tz) != 0)
    {
      g_autofree char *caller_range = format_range (self, slot->start, slot->end, caller_tz);
      GtkWidget *caller_label;

      /* A day name when the caller's day is not the one shown. */
      if (!on_shown_day (self, slot->start, caller_tz))
        {
          /* Translators: a weekday; see g_date_time_format() */
          g_autofree char *weekday = format_day (slot->start, caller_tz, _("%a"));

          /* Translators: the slot in the caller's zone on another day, "Wed 03:00 – 03:30 for the caller" */
          caller_text = g_strdup_printf (_("%s %s for the caller"), weekday, caller_range);
        }
      else
        /* Translators: the slot in the caller's zone, "15:00 – 15:30 for the caller" */
        caller_text = g_strdup_printf (_("%s for the caller"), caller_range);
      caller_label = gtk_label_new (caller_text);
      gtk_label_set_xalign (GTK_LABEL (caller_label), 0);
      gtk_widget_add_css_class (caller_label, "dim-label");
      gtk_widget_add_css_class (caller_label, "caption");
      gtk_widget_add_css_class (caller_label, "numeric");
      gtk_box_append (GTK_BOX (texts), caller_label);
    }
  gtk_box_append (GTK_BOX (box), texts);

  state_icon = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_valign (state_icon, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state_icon, "accent");
  gtk_widget_set_visible (state_icon, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (state_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Picked"), -1);
  gtk_box_append (GTK_BOX (box), state_icon);
  state_label = gtk_label_new (NULL);
  gtk_widget_set_valign (state_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (state_label, "accent");
  gtk_widget_add_css_class (state_label, "heading");
  gtk_widget_set_visible (state_label, FALSE);
  gtk_box_append (GTK_BOX (box), state_label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  accessible = caller_text != NULL ? g_strdup_printf ("%s, %s", range, caller_text) : g_strdup (range);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  start = g_new (gint64, 1);
  *start = slot->start;
  g_object_set_data_full (G_OBJECT (row), "start", start, g_free);
  g_object_set_data (G_OBJECT (row), "state-label", state_label);
  g_object_set_data (G_OBJECT (row), "state-icon", state_icon);
  return row;
}

/* Shows self->slots; when @keep_focus, the row that had the focus gets it back. */
static void
rebuild_slot_rows (CcalBookingDialog *self)
{
  GtkWidget *child, *focus;
  gint64 focused_start = 0;
  GtkWidget *refocus = NULL;

  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->slot_list)))
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
      gint64 *start = row != NULL ? g_object_get_data (G_OBJECT (row), "start") : NULL;

      focused_start = start != NULL ? *start : -1;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slot_list))) != NULL)
    gtk_list_box_remove (self->slot_list, child);

  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    {
      const CcalInterval *slot = &g_array_index (self->slots, CcalInterval, i);
      GtkWidget *row = create_slot_row (self, slot);

      gtk_list_box_append (self->slot_list, row);
      if (focused_start != 0 && (slot->start == focused_start || refocus == NULL))
        refocus = row;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->slot_list), self->slots != NULL && self->slots->len > 0);
  update_slot_caption (self);
  update_slot_states (self);
  if (refocus != NULL)
    gtk_widget_grab_focus (refocus);
  else if (focused_start != 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static const CcalInterval *
find_slot (CcalBookingDialog *self,
           gint64             start)
{
  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    {
      const CcalInterval *slot = &g_array_index (self->slots, CcalInterval, i);

      if (slot->start == start)
        return slot;
    }
  return NULL;
}

static void
on_slot_row_activated_cb (CcalBookingDialog *self,
                          GtkListBoxRow     *row)
{
  gint64 *start = g_object_get_data (G_OBJECT (row), "start");
  const CcalInterval *slot = start != NULL ? find_slot (self, *start) : NULL;

  if (slot != NULL)
    pick (self, slot->start, slot->end);
}

static gboolean
same_slots (GArray *a,
            GArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  return memcmp (a->data, b->data, a->len * sizeof (CcalInterval)) == 0;
}

/* The week view's slot, listed unchecked when the server cannot be asked (queue it, at most). */
static void
list_pending_unchecked (CcalBookingDialog *self)
{
  CcalInterval slot;

  if (self->pending_start == 0)
    return;
  slot.start = self->pending_start;
  slot.end = self->pending_start + (self->slot_minutes > 0 ? self->slot_minutes : 30) * USEC_PER_MINUTE;
  g_clear_pointer (&self->slots, g_array_unref);
  self->slots = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  g_array_append_val (self->slots, slot);
  self->slots_unchecked = TRUE;
  self->pending_start = 0;
  rebuild_slot_rows (self);
  pick (self, slot.start, slot.end);
}

typedef struct
{
  CcalBookingDialog *self;   /* a reference */
  guint              serial;
} LoadCall;

static void
on_slots_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LoadCall *call = user_data;
  g_autoptr (CcalBookingDialog) self = call->self;
  g_autoptr (GArray) slots = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *zone = NULL;
  guint serial = call->serial;
  int slot_minutes = 0;

  g_free (call);
  slots = ccal_api_client_get_availability_finish (CCAL_API_CLIENT (source), result, &slot_minutes, &zone, &error);
  if (self->disposed || serial != self->load_serial)
    return;

  self->loading = FALSE;
  gtk_widget_set_visible (self->slots_spinner, FALSE);
  g_clear_object (&self->load_cancellable);

  if (slots == NULL)
    {
      g_autofree char *text = NULL;

      if (ccal_api_error_is_transient (error))
        text = g_strdup (_("The free times cannot be loaded: the server cannot be reached. They are asked for "
                           "again every half minute."));
      else
        /* Translators: %s is the server's reason */
        text = g_strdup_printf (_("The free times cannot be loaded: %s"), error->message);
      gtk_label_set_label (self->slots_empty_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->slots_empty_label), TRUE);
      if (ccal_api_error_is_transient (error) && self->pending_start != 0)
        list_pending_unchecked (self);
      else if (!self->slots_unchecked)
        {
          g_clear_pointer (&self->slots, g_array_unref);
          rebuild_slot_rows (self);
        }
      update_busy (self);
      return;
    }

  self->slots_unchecked = FALSE;
  self->slot_minutes = slot_minutes;
  if (!same_slots (self->slots, slots))
    {
      g_clear_pointer (&self->slots, g_array_unref);
      self->slots = g_steal_pointer (&slots);
      rebuild_slot_rows (self);
    }
  else
    update_slot_caption (self);

  gtk_label_set_label (self->slots_empty_label, _("No free times on this day. Pick another date."));
  gtk_widget_set_visible (GTK_WIDGET (self->slots_empty_label), self->slots->len == 0);

  if (self->pending_start != 0)
    {
      const CcalInterval *slot = find_slot (self, self->pending_start);

      if (slot != NULL)
        pick (self, slot->start, slot->end);
      else
        {
          g_autofree char *when = format_clock (self, self->pending_start, self->display_tz);
          g_autofree char *text = NULL;

          /* Translators: %s is a time of day */
          text = g_strdup_printf (_("%s is not a free time. Pick one of the free times."), when);
          show_notice (self, text);
        }
      self->pending_start = 0;
    }
  update_busy (self);
}

static void
load_slots (CcalBookingDialog *self)
{
  LoadCall *call;

  if (self->disposed || self->admin_id == NULL || !g_date_valid (&self->date))
    return;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_widget_set_visible (self->slots_spinner, TRUE);
  update_slot_caption (self);

  call = g_new0 (LoadCall, 1);
  call->self = g_object_ref (self);
  call->serial = ++self->load_serial;
  ccal_api_client_get_availability_async (ccal_account_get_api_client (self->account), &self->date, self->admin_id,
                                          self->display_tz, 0, self->hold != NULL ? self->hold->id : NULL,
                                          self->load_cancellable, on_slots_loaded_cb, call);
  update_busy (self);
}

static gboolean
on_refresh_cb (gpointer user_data)
{
  CcalBookingDialog *self = user_data;

  if (!self->loading && !self->submitting &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "booking") == 0)
    load_slots (self);
  return G_SOURCE_CONTINUE;
}

/* ── the hold card ──────────────────────────────────────────────────────────────────────────── */

static void
update_hold_display (CcalBookingDialog *self)
{
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  const char *icon = "alarm-symbolic";
  gboolean countdown = FALSE;

  if (self->pick_start == 0)
    {
      title = g_strdup (_("No time picked yet"));
      detail = g_strdup (_("Pick a free time: it is held for the caller while you type their details, so "
                           "nobody else can book it meanwhile."));
      icon = "x-office-calendar-symbolic";
    }
  else
    {
      title = format_slot (self, self->pick_start, self->pick_end);
      if (self->hold != NULL)
        {
          g_autofree char *until = format_clock (self, self->hold->expires_at, self->display_tz);
          gint64 left = (self->hold->expires_at - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
          g_autofree char *countdown_text = NULL;
          g_autofree char *countdown_accessible = NULL;

          left = MAX (left, 0);
          /* Translators: %s is a time of day */
          detail = g_strdup_printf (_("Held for the caller until %s — nobody else can book it meanwhile."), until);
          countdown_text = g_strdup_printf ("%d:%02d", (int) (left / 60), (int) (left % 60));
          gtk_label_set_label (self->countdown_label, countdown_text);
          /* Translators: %s is the time left on the hold, "4:32" */
          countdown_accessible = g_strdup_printf (_("%s left on the hold"), countdown_text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->countdown_label),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, countdown_accessible, -1);
          if (left <= HOLD_WARN_SECONDS)
            gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "warning");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (self->countdown_label), "warning");
          countdown = TRUE;
          icon = "alarm-symbolic";
        }
      else if (self->holding)
        detail = g_strdup (_("Holding this time…"));
      else if (self->slots_unchecked)
        detail = g_strdup (_("Not checked: the server cannot be reached, so this time is neither checked nor held."));
      else
        detail = g_strdup (_("Not held: the server cannot be reached. The time is checked when you book."));
    }

  gtk_image_set_from_icon_name (self->hold_icon, icon);
  gtk_label_set_label (self->hold_title_label, title);
  gtk_label_set_label (self->hold_detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), countdown);
  update_slot_states (self);
}

static void
update_busy (CcalBookingDialog *self)
{
  gboolean busy = self->holding || self->submitting;

  gtk_widget_set_visible (self->busy_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->busy_spinner), busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->slots_spinner), self->loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.submit", !self->submitting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking.queue", !self->submitting);
}

/* ── pages ──────────────────────────────────────────────────────────────────────────────────── */

static void
show_page (CcalBookingDialog *self,
           const char        *name)
{
  gboolean booking = g_str_equal (name, "booking");
  gboolean done = g_str_equal (name, "done");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->book_button, booking);
  gtk_widget_set_visible (self->cancel_button, !done);
  if (done)
    adw_window_title_set_title (self->window_title, _("Booking"));
  else
    adw_window_title_set_title (self->window_title, _("New Booking"));
}

static char *
build_summary (CcalBookingDialog *self)
{
  CcalBooking *booking = self->booking;
  CcalContact *contact = booking->contact;
  g_autoptr (GString) text = g_string_new (NULL);
  /* Translators: a long date with the year; see g_date_time_format() */
  g_autofree char *day = format_day (booking->start_time, self->display_tz, _("%A %-d %B %Y"));
  g_autofree char *range = format_range (self, booking->start_time, booking->end_time, self->display_tz);
  const char *admin_name = NULL;

  /* Translators: the summary's first line, "Tuesday 24 November 2026, 09:00 – 09:30 (Europe/Berlin)" */
  g_string_append_printf (text, _("%s, %s (%s)"), day, range, self->display_tz);
  if (contact != NULL && contact->timezone != NULL && g_strcmp0 (contact->timezone, self->display_tz) != 0)
    {
      g_autofree char *caller_day = format_day (booking->start_time, contact->timezone, _("%A %-d %B %Y"));
      g_autofree char *caller_range = format_range (self, booking->start_time, booking->end_time,
                                                    contact->timezone);

      /* Translators: the caller's time: "Caller’s time: Tuesday 24 November 2026, 03:00 – 03:30 (America/New_York)" */
      g_string_append_printf (text, _("\nCaller’s time: %s, %s (%s)"), caller_day, caller_range, contact->timezone);
    }
  for (guint i = 0; self->admin_ids != NULL && self->admin_ids[i] != NULL; i++)
    {
      if (g_strcmp0 (self->admin_ids[i], booking->admin_id) == 0)
        admin_name = self->admin_names[i];
    }
  if (admin_name != NULL)
    /* Translators: whose calendar the booking is in */
    g_string_append_printf (text, _("\nWith: %s"), admin_name);
  if (contact != NULL)
    {
      /* Translators: summary lines */
      g_string_append_printf (text, _("\nCaller: %s"), contact->name);
      g_string_append_printf (text, _("\nE-mail: %s"), contact->email);
      if (contact->phone != NULL && contact->phone[0] != '\0')
        g_string_append_printf (text, _("\nPhone: %s"), contact->phone);
    }
  if (booking->product_interest != NULL && booking->product_interest[0] != '\0')
    g_string_append_printf (text, _("\nProduct interest: %s"), booking->product_interest);
  if (booking->description != NULL && booking->description[0] != '\0')
    g_string_append_printf (text, _("\nNotes: %s"), booking->description);
  if (self->done_state == DONE_CONFIRMED && booking->id != NULL)
    g_string_append_printf (text, _("\nReference: %s"), booking->id);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_done_page (CcalBookingDialog *self,
                  const char        *reason)
{
  g_autofree char *summary = build_summary (self);

  g_free (self->status);
  switch (self->done_state)
    {
    case DONE_CONFIRMED:
      self->status = g_strdup (_("Confirmed"));
      adw_status_page_set_icon_name (self->done_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->done_page, _("Booked"));
      adw_status_page_set_description (self->done_page, _("The server confirmed the booking."));
      break;
    case DONE_UNCONFIRMED:
      self->status = g_strdup (_("Not confirmed yet"));
      adw_status_page_set_icon_name (self->done_page, "mail-send-symbolic");
      adw_status_page_set_title (self->done_page, _("Queued — Not Confirmed Yet"));
      adw_status_page_set_description (self->done_page,
                                       _("The request is sent when the server can be reached. Until the server "
                                         "accepts it the time is not reserved: tell the caller the booking is "
                                         "not confirmed yet."));
      break;
    case DONE_FAILED:
    default:
      /* Translators: %s is the server's reason */
      self->status = g_strdup_printf (_("Failed: %s"), reason);
      adw_status_page_set_icon_name (self->done_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->done_page, _("Booking Failed"));
      adw_status_page_set_description (self->done_page, reason);
      break;
    }
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_visible (self->pick_again_button, self->done_state == DONE_FAILED);
  /* One suggested action: picking another time after a failure, else closing. */
  if (self->done_state == DONE_FAILED)
    gtk_widget_remove_css_class (self->done_close_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->done_close_button, "suggested-action");
}

static void
show_done (CcalBookingDialog *self,
           CcalBooking       *booking,
           gboolean           confirmed)
{
  g_set_object (&self->booking, booking);
  self->done_state = confirmed ? DONE_CONFIRMED : DONE_UNCONFIRMED;
  update_done_page (self, NULL);
  show_page (self, "done");
  gtk_widget_grab_focus (self->add_another_button);
}

/* A queued booking was sent: the server accepted it (it has its id now) or refused it. */
static void
on_sync_objects_changed_cb (CcalBookingDialog *self,
                            int                collection,
                            GStrv              ids,
                            CcalSync          *sync)
{
  g_autoptr (CcalBooking) booking = NULL;
  const char *server_id = NULL;
  gboolean ours = FALSE;

  if (collection != CCAL_CACHE_COLLECTION_BOOKINGS || ids == NULL || self->booking == NULL ||
      self->done_state != DONE_UNCONFIRMED)
    return;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (g_strcmp0 (ids[i], self->booking->id) == 0)
        ours = TRUE;
      else
        server_id = ids[i];
    }
  if (!ours || server_id == NULL)
    return;

  booking = ccal_cache_get_booking (ccal_account_get_cache (self->account), server_id, NULL);
  if (booking == NULL)
    return;
  g_set_object (&self->booking, booking);
  self->done_state = DONE_CONFIRMED;
  update_done_page (self, NULL);
  g_signal_emit (self, signals[BOOKED], 0, self->booking, TRUE);
}

static void
on_sync_push_failed_cb (CcalBookingDialog *self,
                        int                collection,
                        const char        *id,
                        const char        *reason,
                        CcalSync          *sync)
{
  if (collection != CCAL_CACHE_COLLECTION_BOOKINGS || self->booking == NULL ||
      self->done_state != DONE_UNCONFIRMED || g_strcmp0 (id, self->booking->id) != 0)
    return;

  self->done_state = DONE_FAILED;
  update_done_page (self, reason != NULL ? reason : _("The server refused it."));
}

/* ── booking ────────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalBookingDialog *self;      /* a reference */
} BookCall;

static void
on_booked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BookCall *call = user_data;
  g_autoptr (CcalBookingDialog) self = call->self;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (GError) error = NULL;
  gboolean confirmed = FALSE;

  g_free (call);
  booking = ccal_sync_book_finish (CCAL_SYNC (source), result, &confirmed, &error);
  self->submitting = FALSE;

  if (booking != NULL)
    {
      /* The server used the hold, or the queued request will. */
      forget_hold (self);
      self->pick_start = self->pick_end = 0;
      if (!self->disposed)
        {
          update_busy (self);
          show_done (self, booking, confirmed);
        }
      g_signal_emit (self, signals[BOOKED], 0, booking, confirmed);
      return;
    }

  if (self->disposed)
    {
      release_hold (self);
      return;
    }
  update_busy (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_SLOT_UNAVAILABLE))
    {
      clear_pick (self);
      update_hold_display (self);
      show_page (self, "booking");
      show_notice (self, _("That time was just taken. The free times are shown again — pick another; "
                           "everything typed is kept."));
      load_slots (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->slot_list));
      return;
    }

  if (g_error_matches (error, CCAL_SYNC_ERROR, CCAL_SYNC_ERROR_OFFLINE) ||
      (error->domain == CCAL_API_ERROR && ccal_api_error_is_transient (error)))
    {
      const GError *last = ccal_sync_get_last_error (CCAL_SYNC (source));
      g_autofree char *reason = NULL;

      if (last != NULL)
        /* Translators: %s is the network's reason, "Could not connect: Connection refused" */
        reason = g_strdup_printf (_("Reason: %s"), last->message);
      gtk_label_set_label (self->offline_reason_label, reason != NULL ? reason : "");
      gtk_widget_set_visible (GTK_WIDGET (self->offline_reason_label), reason != NULL);
      show_page (self, "offline");
      gtk_widget_grab_focus (GTK_WIDGET (self->offline_page));
      return;
    }

  show_page (self, "booking");
  if (error->domain == CCAL_CORE_ERROR || g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_INVALID_REQUEST))
    {
      const char *field = error->domain == CCAL_CORE_ERROR ? ccal_core_error_get_field (error)
                                                           : ccal_api_error_get_field (error);
      int index = field_from_name (field);
      const char *messages[N_FIELDS] = { NULL };

      if (index >= 0)
        {
          messages[index] = error->message;
          show_errors (self, messages);
          return;
        }
    }
  {
    g_autofree char *text = NULL;

    /* Translators: %s is the server's reason */
    text = g_strdup_printf (_("The booking was not made: %s"), error->message);
    show_notice (self, text);
  }
}

static void
submit (CcalBookingDialog *self,
        gboolean           queue_unconfirmed)
{
  g_autofree char *name = NULL, *email = NULL, *phone = NULL, *product = NULL, *notes = NULL, *tzid = NULL;
  CcalBookRequest request = { 0 };
  BookCall *call;

  /* A second activation while the first is on its way (a double click, Enter twice). */
  if (self->submitting)
    return;

  clear_errors (self);
  if (!validate_form (self))
    return;
  if (self->pick_start == 0)
    {
      show_notice (self, _("Pick a free time first."));
      gtk_widget_grab_focus (self->slots != NULL && self->slots->len > 0 ? GTK_WIDGET (self->slot_list)
                                                                       : GTK_WIDGET (self->calendar));
      return;
    }
  if (self->holding)
    {
      /* Booking now would race our own hold: book once the hold is there. */
      self->submit_after_hold = TRUE;
      return;
    }

  name = read_field (self, FIELD_NAME);
  email = read_field (self, FIELD_EMAIL);
  phone = read_field (self, FIELD_PHONE);
  product = read_field (self, FIELD_PRODUCT_INTEREST);
  notes = read_field (self, FIELD_NOTES);
  tzid = read_field (self, FIELD_TIMEZONE);

  request.admin_id = self->admin_id;
  request.start_time = self->pick_start;
  /* An unchecked slot's length is a guess: let the server use the admin's slot length. */
  request.duration_minutes = self->slots_unchecked ? 0 : (int) ((self->pick_end - self->pick_start) / USEC_PER_MINUTE);
  request.name = name;
  request.email = email;
  request.phone = phone[0] != '\0' ? phone : NULL;
  request.product_interest = product[0] != '\0' ? product : NULL;
  request.notes = notes[0] != '\0' ? notes : NULL;
  request.timezone = tzid[0] != '\0' ? tzid : NULL;
  request.hold_id = self->hold != NULL ? self->hold->id : NULL;

  clear_notice (self);
  self->submitting = TRUE;
  update_busy (self);
  call = g_new0 (BookCall, 1);
  call->self = g_object_ref (self);
  ccal_sync_book_async (ccal_account_get_sync (self->account), &request, queue_unconfirmed, self->cancellable,
                        on_booked_cb, call);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  /* "Try Again" on the offline page goes through the form's checks again. */
  if (g_strcmp0 (page, "done") == 0)
    return;
  submit (self, FALSE);
}

static void
queue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "offline") != 0)
    return;
  submit (self, TRUE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (widget);

  if (self->submitting)
    return;
  if (self->done_state == DONE_FAILED && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "done") == 0)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the server's reason; the form still holds the caller's details */
      text = g_strdup_printf (_("The queued booking was refused (%s). Pick another time — the details are kept."),
                              self->status);
      g_clear_object (&self->booking);
      show_notice (self, text);
    }
  show_page (self, "booking");
  update_hold_display (self);
  load_slots (self);
  gtk_widget_grab_focus (self->pick_start != 0 ? self->book_button : GTK_WIDGET (self->slot_list));
}

static void
reset_form (CcalBookingDialog *self)
{
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->product_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), "", -1);
  adw_combo_row_set_selected (self->timezone_row, 0);
  self->updating = FALSE;
  hide_suggestions (self);
  clear_errors (self);
  clear_notice (self);
}

static void
add_another_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (widget);

  if (self->submitting)
    return;
  g_clear_object (&self->booking);
  g_clear_pointer (&self->status, g_free);
  clear_pick (self);
  reset_form (self);
  show_page (self, "booking");
  update_hold_display (self);
  load_slots (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (widget);

  if (self->booking == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), gtk_label_get_label (self->summary_label));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Summary copied")));
}

static char *
booking_ics (CcalBookingDialog *self)
{
  g_autoptr (GPtrArray) bookings = g_ptr_array_new ();

  g_ptr_array_add (bookings, self->booking);
  return ccal_ical_export (NULL, bookings);
}

static void
on_ics_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (CcalBookingDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is why the file could not be written */
      text = g_strdup_printf (_("The .ics file was not saved: %s"), error->message);
    }
  else
    text = g_strdup (_("Saved the .ics file"));
  if (!self->disposed)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_chooser_response_cb (CcalBookingDialog *self,
                        int                response,
                        GtkNativeDialog   *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;
  char *ics;

  if (response == GTK_RESPONSE_ACCEPT && self->booking != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  ics = booking_ics (self);
  bytes = g_bytes_new_take (ics, strlen (ics));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, self->cancellable,
                                       on_ics_saved_cb, g_object_ref (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (widget);
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->booking == NULL || self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Booking"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  day = format_day (self->booking->start_time, self->display_tz, "%Y-%m-%d");
  /* Translators: the suggested file name; %s is the date, 2026-11-24 */
  name = g_strdup_printf (_("booking-%s.ics"), day);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* ── admins and dates ───────────────────────────────────────────────────────────────────────── */

static void
change_admin (CcalBookingDialog *self,
              const char        *admin_id)
{
  if (g_strcmp0 (admin_id, self->admin_id) == 0)
    return;
  g_free (self->admin_id);
  self->admin_id = g_strdup (admin_id);
  clear_pick (self);
  update_hold_display (self);
  g_clear_pointer (&self->slots, g_array_unref);
  rebuild_slot_rows (self);
  load_slots (self);
}

static void
on_admin_selected_cb (CcalBookingDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->admin_row);

  if (self->updating || self->admin_ids == NULL || selected >= g_strv_length (self->admin_ids))
    return;
  change_admin (self, self->admin_ids[selected]);
}

static void
on_admins_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (CcalBookingDialog) self = user_data;
  g_autoptr (GPtrArray) admins = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) ids = NULL;
  g_autoptr (GStrvBuilder) names = NULL;
  g_autoptr (GtkStringList) model = NULL;
  guint selected = 0;
  gboolean found = FALSE;

  admins = ccal_api_client_list_admins_finish (CCAL_API_CLIENT (source), result, &error);
  if (self->disposed)
    return;
  self->loading_admins = FALSE;
  if (admins == NULL)
    {
      /* Offline or an older server: the signed-in person's own calendar is what there is. */
      g_debug ("No list of admins: %s", error->message);
      return;
    }

  ids = g_strv_builder_new ();
  names = g_strv_builder_new ();
  model = gtk_string_list_new (NULL);
  for (guint i = 0; i < admins->len; i++)
    {
      CcalAdmin *admin = g_ptr_array_index (admins, i);
      const char *name = admin->name != NULL && admin->name[0] != '\0' ? admin->name : admin->email;

      g_strv_builder_add (ids, admin->admin_id);
      g_strv_builder_add (names, name);
      gtk_string_list_append (model, name);
      if (g_strcmp0 (admin->admin_id, self->admin_id) == 0)
        {
          selected = i;
          found = TRUE;
        }
    }
  g_clear_pointer (&self->admin_ids, g_strfreev);
  g_clear_pointer (&self->admin_names, g_strfreev);
  self->admin_ids = g_strv_builder_end (ids);
  self->admin_names = g_strv_builder_end (names);

  self->updating = TRUE;
  adw_combo_row_set_model (self->admin_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->admin_row, selected);
  self->updating = FALSE;
  gtk_widget_set_visible (self->admin_group, admins->len > 1);

  if (!found && admins->len > 0)
    change_admin (self, self->admin_ids[0]);
  else if (admins->len == 0 && self->admin_id == NULL)
    {
      gtk_label_set_label (self->slots_empty_label, _("This workspace has no calendar to book."));
      gtk_widget_set_visible (GTK_WIDGET (self->slots_empty_label), TRUE);
    }
}

static void
change_date (CcalBookingDialog *self,
             const GDate       *date)
{
  if (g_date_valid (&self->date) && g_date_compare (date, &self->date) == 0)
    return;
  self->date = *date;
  self->updating = TRUE;
  ccal_calendar_select_gdate (self->calendar, date);
  self->updating = FALSE;

  /* The hold stays (the caller may still want it) until another slot is picked. */
  self->slots_unchecked = FALSE;
  g_clear_pointer (&self->slots, g_array_unref);
  rebuild_slot_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->slots_empty_label), FALSE);
  load_slots (self);
}

static void
on_calendar_day_selected_cb (CcalBookingDialog *self)
{
  GDate date;

  if (self->updating)
    return;
  ccal_calendar_get_gdate (self->calendar, &date);
  change_date (self, &date);
}

static void
on_timezone_changed_cb (CcalBookingDialog *self)
{
  mark_field (self, FIELD_TIMEZONE, NULL);
  rebuild_slot_rows (self);
}

/* ── GObject ────────────────────────────────────────────────────────────────────────────────── */

static void
ccal_booking_dialog_dispose (GObject *object)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (object);

  if (!self->disposed)
    {
      self->disposed = TRUE;
      g_cancellable_cancel (self->cancellable);
      if (self->load_cancellable != NULL)
        g_cancellable_cancel (self->load_cancellable);
      /* A booking on its way uses the hold; its answer releases it when it fails. */
      if (!self->submitting)
        release_hold (self);
      g_clear_handle_id (&self->countdown_id, g_source_remove);
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      if (self->chooser != NULL)
        gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_BOOKING_DIALOG);

  G_OBJECT_CLASS (ccal_booking_dialog_parent_class)->dispose (object);
}

/* Cancel, Escape, the window manager: the caller's slot is free for others again at once. */
static gboolean
ccal_booking_dialog_close_request (GtkWindow *window)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (window);

  if (!self->submitting)
    release_hold (self);
  self->hold_serial++;

  return GTK_WINDOW_CLASS (ccal_booking_dialog_parent_class)->close_request (window);
}

static void
ccal_booking_dialog_finalize (GObject *object)
{
  CcalBookingDialog *self = CCAL_BOOKING_DIALOG (object);

  g_clear_pointer (&self->hold, ccal_hold_free);
  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->booking);
  g_clear_pointer (&self->display_tz, g_free);
  g_clear_pointer (&self->zones, g_strfreev);
  g_clear_pointer (&self->admin_id, g_free);
  g_clear_pointer (&self->admin_ids, g_strfreev);
  g_clear_pointer (&self->admin_names, g_strfreev);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->error_fields, g_strfreev);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (ccal_booking_dialog_parent_class)->finalize (object);
}

static void
ccal_booking_dialog_class_init (CcalBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ccal_booking_dialog_dispose;
  object_class->finalize = ccal_booking_dialog_finalize;
  window_class->close_request = ccal_booking_dialog_close_request;

  /**
   * CcalBookingDialog::booked:
   * @booking: the booking (a local id while not confirmed)
   * @confirmed: whether the server confirmed it; FALSE for a queued, unconfirmed request (emitted
   *   again with TRUE if the server accepts it while the dialog is open)
   */
  signals[BOOKED] =
    g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CCAL_TYPE_BOOKING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/customerconnects/Calendar/ccal-booking-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, admin_group);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, admin_row);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, slots_heading);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, slots_spinner);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, slots_caption);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, slot_list);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, slots_empty_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, hold_box);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, hold_icon);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, hold_title_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, hold_detail_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, suggest_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, suggest_list);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, product_row);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, notes_frame);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, offline_page);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, offline_reason_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, pick_again_button);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, add_another_button);
  gtk_widget_class_bind_template_child (widget_class, CcalBookingDialog, done_close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_slot_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_suggest_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timezone_changed_cb);

  gtk_widget_class_install_action (widget_class, "booking.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "booking.queue", NULL, queue_action);
  gtk_widget_class_install_action (widget_class, "booking.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "booking.add-another", NULL, add_another_action);
  gtk_widget_class_install_action (widget_class, "booking.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "booking.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "booking.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "booking.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ccal_booking_dialog_init (CcalBookingDialog *self)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GtkStringList) zones_model = NULL;
  g_autofree char *tzid = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_date_clear (&self->date, 1);
  self->use_24h = g_settings_get_boolean (settings, "use-24h");

  /* The zone the window shows the calendar in (ccal-window.c reads the same setting). */
  tzid = g_settings_get_string (settings, "display-timezone");
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
  self->display_tz = g_steal_pointer (&tzid);

  self->zones = ccal_time_zone_list ();
  zones_model = gtk_string_list_new (NULL);
  gtk_string_list_append (zones_model, _("Not known"));
  for (guint i = 0; self->zones[i] != NULL; i++)
    gtk_string_list_append (zones_model, self->zones[i]);
  adw_combo_row_set_model (self->timezone_row, G_LIST_MODEL (zones_model));

  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (on_notes_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->admin_row, "notify::selected", G_CALLBACK (on_admin_selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->slot_list), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->slots_heading, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->slot_list), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->slots_caption, NULL, -1);

  gtk_widget_set_visible (GTK_WIDGET (self->slot_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->slots_empty_label), FALSE);
  show_page (self, "booking");
  update_hold_display (self);
}

CcalBookingDialog *
ccal_booking_dialog_new (CcalAccount *account,
                         GtkWindow   *parent)
{
  CcalBookingDialog *self;
  const CcalMe *me;
  CcalSync *sync;
  GDate today;

  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CCAL_TYPE_BOOKING_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  sync = ccal_account_get_sync (account);
  g_signal_connect_object (sync, "objects-changed", G_CALLBACK (on_sync_objects_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "push-failed", G_CALLBACK (on_sync_push_failed_cb), self, G_CONNECT_SWAPPED);

  me = ccal_account_get_me (account);
  self->admin_id = g_strdup (me != NULL ? me->admin_id : NULL);
  self->loading_admins = TRUE;
  ccal_api_client_list_admins_async (ccal_account_get_api_client (account), self->cancellable, on_admins_listed_cb,
                                     g_object_ref (self));

  g_date_clear (&today, 1);
  if (!ccal_time_to_date (g_get_real_time (), self->display_tz, &today, NULL))
    g_date_set_time_t (&today, time (NULL));
  change_date (self, &today);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh_cb, self);
  update_busy (self);
  return self;
}

/* ── public ─────────────────────────────────────────────────────────────────────────────────── */

void
ccal_booking_dialog_set_start (CcalBookingDialog *self,
                               gint64             start_us)
{
  GDate date;

  g_return_if_fail (CCAL_IS_BOOKING_DIALOG (self));

  g_date_clear (&date, 1);
  if (!ccal_time_to_date (start_us, self->display_tz, &date, NULL))
    return;
  self->pending_start = start_us;
  if (g_date_valid (&self->date) && g_date_compare (&date, &self->date) == 0)
    {
      const CcalInterval *slot = self->loading ? NULL : find_slot (self, start_us);

      /* Listed already: pick it; else the load going on (or a new one) picks it. */
      if (slot != NULL)
        {
          self->pending_start = 0;
          pick (self, slot->start, slot->end);
        }
      else if (!self->loading)
        load_slots (self);
      return;
    }
  change_date (self, &date);
}

void
ccal_booking_dialog_set_date (CcalBookingDialog *self,
                              const GDate       *date)
{
  g_return_if_fail (CCAL_IS_BOOKING_DIALOG (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  change_date (self, date);
}

gboolean
ccal_booking_dialog_pick_slot (CcalBookingDialog *self,
                               gint64             start_us)
{
  const CcalInterval *slot;

  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), FALSE);

  slot = find_slot (self, start_us);
  if (slot == NULL)
    return FALSE;
  pick (self, slot->start, slot->end);
  return TRUE;
}

void
ccal_booking_dialog_set_text (CcalBookingDialog *self,
                              const char        *field,
                              const char        *text)
{
  int index;

  g_return_if_fail (CCAL_IS_BOOKING_DIALOG (self));

  index = field_from_name (field);
  g_return_if_fail (index >= 0);
  text = text != NULL ? text : "";
  if (index == FIELD_NOTES)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), text, -1);
  else if (index == FIELD_TIMEZONE)
    select_timezone (self, text);
  else
    gtk_editable_set_text (GTK_EDITABLE (field_widget (self, index)), text);
}

char *
ccal_booking_dialog_get_text (CcalBookingDialog *self,
                              const char        *field)
{
  int index;

  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  index = field_from_name (field);
  g_return_val_if_fail (index >= 0, NULL);
  if (index == FIELD_NOTES || index == FIELD_TIMEZONE)
    return read_field (self, index);
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field_widget (self, index))));
}

void
ccal_booking_dialog_submit (CcalBookingDialog *self)
{
  g_return_if_fail (CCAL_IS_BOOKING_DIALOG (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "booking.submit", NULL);
}

const char *
ccal_booking_dialog_get_page (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
ccal_booking_dialog_is_busy (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), FALSE);

  return self->loading || self->loading_admins || self->holding || self->submitting;
}

GArray *
ccal_booking_dialog_get_slots (CcalBookingDialog *self)
{
  GArray *starts;

  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; self->slots != NULL && i < self->slots->len; i++)
    g_array_append_val (starts, g_array_index (self->slots, CcalInterval, i).start);
  return starts;
}

const CcalHold *
ccal_booking_dialog_get_hold (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return self->hold;
}

const char *
ccal_booking_dialog_get_notice (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return self->notice;
}

const char * const *
ccal_booking_dialog_get_error_fields (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return (const char * const *) self->error_fields;
}

const char * const *
ccal_booking_dialog_get_admin_ids (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return (const char * const *) self->admin_ids;
}

const char *
ccal_booking_dialog_get_admin_id (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return self->admin_id;
}

const char *
ccal_booking_dialog_get_summary (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return self->booking != NULL ? gtk_label_get_label (self->summary_label) : NULL;
}

const char *
ccal_booking_dialog_get_status (CcalBookingDialog *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_DIALOG (self), NULL);

  return self->status;
}
