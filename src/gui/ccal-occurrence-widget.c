/* ccal-occurrence-widget.c — an event or booking drawn in a calendar view: a block or a chip
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ccal-occurrence-widget.h"

/* The views keep pools of these and re-bind them on every layout, so the widget draws its text with
 * one PangoLayout instead of holding labels: no child to measure, and a block shorter than a line
 * is simply clipped. */
struct _CcalOccurrenceWidget
{
  GtkWidget                  parent_instance;

  CcalOccurrenceWidgetShape  shape;
  gboolean                   use_24h;
  gboolean                   show_date;
  gboolean                   continues_before;
  gboolean                   continues_after;

  /* owned */
  CcalOccurrence            *occurrence;
  char                      *tzid;
  char                      *markup;
  PangoLayout               *layout;          /* built on demand from markup; dropped on style changes */
  int                        line_height;     /* -1: not measured with the current font */
  int                        natural_width;   /* -1: not measured with the current text and font */

  /* static strings: the classes set now, to swap them on re-binding */
  const char                *kind_class;
  const char                *status_class;
};

/* Narrower blocks (px of text) do not wrap their title; tiny ones just clip it. */
#define NARROW_BLOCK 72
#define TINY_BLOCK   40

G_DEFINE_FINAL_TYPE (CcalOccurrenceWidget, ccal_occurrence_widget, GTK_TYPE_WIDGET)

enum {
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A GDateTime in UTC that shows @usec's wall clock in @tzid: lets g_date_time_format() name
 * weekdays and months in the user's language for any zone the core knows. */
static GDateTime *
wall_date_time_new (gint64      usec,
                    const char *tzid)
{
  CcalWallClock wall;

  if (!ccal_time_to_wall_clock (usec, tzid != NULL ? tzid : "UTC", &wall, NULL))
    return g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return g_date_time_new_utc (wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
}

static char *
format_stripped (GDateTime  *date_time,
                 const char *format)
{
  char *text = g_date_time_format (date_time, format);

  if (text == NULL)
    return g_strdup ("");
  /* Translations may still use the padded %e and %l. */
  return g_strstrip (text);
}

static char *
format_wall_time (GDateTime *date_time,
                  gboolean   use_24h)
{
  /* Translators: a time of day in the 24-hour and in the 12-hour clock, see g_date_time_format() */
  return format_stripped (date_time, use_24h ? _("%H:%M") : _("%-l:%M %p"));
}

char *
ccal_occurrence_widget_format_time (gint64      usec,
                                    const char *tzid,
                                    gboolean    use_24h)
{
  g_autoptr(GDateTime) date_time = wall_date_time_new (usec, tzid);

  return format_wall_time (date_time, use_24h);
}

static char *
format_day (GDateTime *date_time,
            gboolean   show_date)
{
  /* Translators: a weekday alone, and a weekday with its date, see g_date_time_format() */
  return format_stripped (date_time, show_date ? _("%A %-d %B") : _("%A"));
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[0] == '\0';
}

static char *
describe_what (CcalOccurrence *occurrence)
{
  CcalBooking *booking = ccal_occurrence_get_booking (occurrence);
  const char *title = occurrence->title;

  if (booking != NULL)
    {
      const char *name = booking->contact != NULL ? booking->contact->name : NULL;
      const char *product = !is_blank (booking->product_interest) ? booking->product_interest : booking->title;

      if (!is_blank (name) && !is_blank (product))
        /* Translators: a booking, "Consultation with Claire Dubois" */
        return g_strdup_printf (_("%s with %s"), product, name);
      if (!is_blank (name))
        return g_strdup (name);
      return g_strdup (!is_blank (product) ? product : _("Booking"));
    }

  switch (occurrence->event_type)
    {
    case CCAL_EVENT_TYPE_BLOCKED:
      /* Translators: time marked as not bookable, with its title */
      return is_blank (title) ? g_strdup (_("Blocked time")) : g_strdup_printf (_("Blocked: %s"), title);
    case CCAL_EVENT_TYPE_AVAILABILITY:
      /* Translators: a window of time open for bookings, with its title */
      return is_blank (title) ? g_strdup (_("Available for booking"))
                              : g_strdup_printf (_("Available for booking: %s"), title);
    case CCAL_EVENT_TYPE_EVENT:
    default:
      return g_strdup (is_blank (title) ? _("Untitled event") : title);
    }
}

static gboolean
describe_what_equal (CcalOccurrence *a,
                     CcalOccurrence *b)
{
  g_autofree char *what_a = describe_what (a);
  g_autofree char *what_b = describe_what (b);

  return g_strcmp0 (what_a, what_b) == 0;
}

static char *
describe_when (CcalOccurrence *occurrence,
               const char     *tzid,
               gboolean        use_24h,
               gboolean        show_date)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *start_day = NULL;
  g_autofree char *end_day = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *end_time = NULL;

  if (occurrence->all_day)
    {
      GDate first, last;
      guint n_days = 1;

      if (!ccal_occurrence_get_all_day_dates (occurrence, &first, &n_days, NULL))
        return g_strdup (_("all day"));
      last = first;
      g_date_add_days (&last, n_days - 1);
      start = g_date_time_new_utc (g_date_get_year (&first), g_date_get_month (&first), g_date_get_day (&first), 0, 0, 0);
      end = g_date_time_new_utc (g_date_get_year (&last), g_date_get_month (&last), g_date_get_day (&last), 0, 0, 0);
      start_day = format_day (start, show_date);
      if (n_days == 1)
        /* Translators: "Tuesday, all day" */
        return g_strdup_printf (_("%s, all day"), start_day);
      end_day = format_day (end, show_date);
      /* Translators: "Tuesday to Thursday, all day" */
      return g_strdup_printf (_("%s to %s, all day"), start_day, end_day);
    }

  start = wall_date_time_new (occurrence->start, tzid);
  /* An end at midnight belongs to the day before: 23:00 to 00:00 is one evening. */
  end = wall_date_time_new (MAX (occurrence->start, occurrence->end - 1), tzid);
  start_day = format_day (start, show_date);
  start_time = format_wall_time (start, use_24h);
  {
    g_autoptr(GDateTime) exact_end = wall_date_time_new (occurrence->end, tzid);

    end_time = format_wall_time (exact_end, use_24h);
  }

  if (g_date_time_get_year (start) == g_date_time_get_year (end) &&
      g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    /* Translators: "Tuesday 10:00 to 10:30" */
    return g_strdup_printf (_("%s %s to %s"), start_day, start_time, end_time);

  end_day = format_day (end, show_date);
  /* Translators: "Tuesday 22:00 to Wednesday 02:00" */
  return g_strdup_printf (_("%s %s to %s %s"), start_day, start_time, end_day, end_time);
}

static const char *
describe_status (CcalOccurrence *occurrence)
{
  if (occurrence->kind == CCAL_OCCURRENCE_BOOKING)
    {
      switch (occurrence->booking_status)
        {
        case CCAL_BOOKING_STATUS_PENDING:
          return _("pending");
        case CCAL_BOOKING_STATUS_CONFIRMED:
          return _("confirmed");
        case CCAL_BOOKING_STATUS_CANCELLED:
          return _("cancelled");
        case CCAL_BOOKING_STATUS_COMPLETED:
          return _("completed");
        case CCAL_BOOKING_STATUS_NO_SHOW:
          return _("no-show");
        default:
          return NULL;
        }
    }

  /* Pending is an event's ordinary state: not worth saying. */
  switch (occurrence->event_status)
    {
    case CCAL_EVENT_STATUS_CONFIRMED:
      return _("confirmed");
    case CCAL_EVENT_STATUS_CANCELLED:
      return _("cancelled");
    case CCAL_EVENT_STATUS_PENDING:
    default:
      return NULL;
    }
}

char *
ccal_occurrence_widget_describe (CcalOccurrence *occurrence,
                                 const char     *tzid,
                                 gboolean        use_24h,
                                 gboolean        show_date)
{
  g_autofree char *what = NULL;
  g_autofree char *when = NULL;
  GString *text;
  const char *status;

  g_return_val_if_fail (CCAL_IS_OCCURRENCE (occurrence), NULL);

  what = describe_what (occurrence);
  when = describe_when (occurrence, tzid, use_24h, show_date);
  status = describe_status (occurrence);

  text = g_string_new (what);
  g_string_append (text, ", ");
  g_string_append (text, when);
  if (status != NULL)
    {
      g_string_append (text, ", ");
      g_string_append (text, status);
    }
  if (occurrence->recurring)
    {
      g_string_append (text, ", ");
      /* Translators: said of an occurrence of a repeating event */
      g_string_append (text, _("repeats"));
    }
  return g_string_free (text, FALSE);
}

static const char *
kind_class_for (CcalOccurrence *occurrence)
{
  if (occurrence->kind == CCAL_OCCURRENCE_BOOKING)
    return "booking";
  switch (occurrence->event_type)
    {
    case CCAL_EVENT_TYPE_AVAILABILITY:
      return "availability";
    case CCAL_EVENT_TYPE_BLOCKED:
      return "blocked";
    case CCAL_EVENT_TYPE_EVENT:
    default:
      return "event";
    }
}

static const char *
status_class_for (CcalOccurrence *occurrence)
{
  if (occurrence->kind == CCAL_OCCURRENCE_BOOKING)
    {
      switch (occurrence->booking_status)
        {
        case CCAL_BOOKING_STATUS_PENDING:
          return "status-pending";
        case CCAL_BOOKING_STATUS_CONFIRMED:
          return "status-confirmed";
        case CCAL_BOOKING_STATUS_CANCELLED:
          return "status-cancelled";
        case CCAL_BOOKING_STATUS_COMPLETED:
          return "status-completed";
        case CCAL_BOOKING_STATUS_NO_SHOW:
          return "status-no-show";
        default:
          return NULL;
        }
    }
  switch (occurrence->event_status)
    {
    case CCAL_EVENT_STATUS_PENDING:
      return "status-pending";
    case CCAL_EVENT_STATUS_CONFIRMED:
      return "status-confirmed";
    case CCAL_EVENT_STATUS_CANCELLED:
      return "status-cancelled";
    default:
      return NULL;
    }
}

static void
swap_css_class (GtkWidget   *widget,
                const char **current,
                const char  *wanted)
{
  if (*current == wanted)
    return;
  if (*current != NULL)
    gtk_widget_remove_css_class (widget, *current);
  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
  *current = wanted;
}

static char *
build_markup (CcalOccurrenceWidget *self)
{
  CcalOccurrence *occurrence = self->occurrence;
  g_autofree char *title = NULL;

  title = g_markup_escape_text (is_blank (occurrence->title) ? _("Untitled event") : occurrence->title, -1);

  if (self->shape == CCAL_OCCURRENCE_WIDGET_BLOCK)
    {
      g_autofree char *start = ccal_occurrence_widget_format_time (occurrence->start, self->tzid, self->use_24h);
      g_autofree char *end = ccal_occurrence_widget_format_time (occurrence->end, self->tzid, self->use_24h);

      return g_strdup_printf ("<b>%s</b>\n<span font_features=\"tnum\" alpha=\"80%%\">%s – %s</span>",
                              title, start, end);
    }

  /* Chips: all-day ones, and pieces that go on from an earlier day, need no start time. */
  if (occurrence->all_day || self->continues_before)
    return g_strdup (title);

  {
    g_autofree char *start = ccal_occurrence_widget_format_time (occurrence->start, self->tzid, self->use_24h);

    return g_strdup_printf ("<span font_features=\"tnum\" alpha=\"80%%\">%s</span> %s", start, title);
  }
}

static void
update_text (CcalOccurrenceWidget *self)
{
  g_autofree char *label = NULL;

  g_clear_pointer (&self->markup, g_free);
  g_clear_object (&self->layout);
  self->natural_width = -1;

  if (self->occurrence == NULL)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  self->markup = build_markup (self);
  label = ccal_occurrence_widget_describe (self->occurrence, self->tzid, self->use_24h, self->show_date);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), label);

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static PangoLayout *
ensure_layout (CcalOccurrenceWidget *self)
{
  if (self->layout != NULL)
    return self->layout;

  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_markup (self->layout, self->markup != NULL ? self->markup : "", -1);
  {
    /* A title broken inside a word reads better without Pango's inserted hyphens. */
    PangoAttrList *current = pango_layout_get_attributes (self->layout);
    g_autoptr(PangoAttrList) attributes = current != NULL ? pango_attr_list_copy (current) : pango_attr_list_new ();

    pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
    pango_layout_set_attributes (self->layout, attributes);
  }
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  if (self->shape == CCAL_OCCURRENCE_WIDGET_BLOCK)
    pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  else
    pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  return self->layout;
}

static int
get_line_height (CcalOccurrenceWidget *self)
{
  if (self->line_height < 0)
    {
      g_autoptr(PangoLayout) probe = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ag");

      pango_layout_get_pixel_size (probe, NULL, &self->line_height);
    }
  return self->line_height;
}

static void
ccal_occurrence_widget_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  CcalOccurrenceWidget *self = CCAL_OCCURRENCE_WIDGET (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (self->natural_width < 0)
        {
          /* A layout of its own: the drawing one keeps its width and its cached lines. */
          g_autoptr(PangoLayout) probe = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

          pango_layout_set_markup (probe, self->markup != NULL ? self->markup : "", -1);
          pango_layout_get_pixel_size (probe, &self->natural_width, NULL);
        }
      /* Text ellipsizes: any width will do. */
      *minimum = 0;
      *natural = self->natural_width;
    }
  else if (self->shape == CCAL_OCCURRENCE_WIDGET_CHIP)
    {
      *minimum = *natural = get_line_height (self);
    }
  else
    {
      /* The grid sizes blocks by their duration; text that does not fit is clipped. */
      *minimum = 0;
      *natural = 2 * get_line_height (self);
    }
}

/* Cancelled occurrences are struck through. Drawn here rather than with Pango's attribute, whose
 * line is a fraction of a pixel at this size and vanishes under the dimming. */
static void
append_strikethrough (GtkSnapshot   *snapshot,
                      PangoLayout   *layout,
                      const GdkRGBA *color)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle ink, logical;
      int baseline = pango_layout_iter_get_baseline (iter);
      double y;

      pango_layout_iter_get_line_extents (iter, &ink, &logical);
      if (ink.width <= 0)
        continue;
      /* Through the middle of the lower-case letters. */
      y = (baseline - (baseline - logical.y) * 0.32) / (double) PANGO_SCALE;
      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (ink.x / (double) PANGO_SCALE, floor (y),
                                                      ink.width / (double) PANGO_SCALE, 1));
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static void
ccal_occurrence_widget_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  CcalOccurrenceWidget *self = CCAL_OCCURRENCE_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  GdkRGBA color;
  int x = 0, y = 0;

  if (self->markup == NULL || width <= 0 || height <= 0)
    return;

  layout = ensure_layout (self);
  /* A block wraps its title over the lines it has room for; in a narrow column (overlapping events)
   * words would break letter by letter, so each line is cut short instead, with an ellipsis while
   * there is room for a few letters before it. */
  pango_layout_set_width (layout, width >= TINY_BLOCK || self->shape == CCAL_OCCURRENCE_WIDGET_CHIP
                                    ? width * PANGO_SCALE : -1);
  pango_layout_set_ellipsize (layout, width >= TINY_BLOCK || self->shape == CCAL_OCCURRENCE_WIDGET_CHIP
                                        ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  if (self->shape == CCAL_OCCURRENCE_WIDGET_BLOCK)
    pango_layout_set_height (layout, width >= NARROW_BLOCK ? height * PANGO_SCALE : -1);
  else
    y = (height - get_line_height (self)) / 2;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  if (width < TINY_BLOCK && self->shape == CCAL_OCCURRENCE_WIDGET_BLOCK &&
      gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    {
      int text_width;

      /* Clipped text keeps its beginning: on the right in right-to-left. */
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      x = width - text_width;
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  if (ccal_occurrence_is_cancelled (self->occurrence))
    append_strikethrough (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
drop_layout (CcalOccurrenceWidget *self)
{
  g_clear_object (&self->layout);
  self->line_height = -1;
  self->natural_width = -1;
}

static void
ccal_occurrence_widget_css_changed (GtkWidget         *widget,
                                    GtkCssStyleChange *change)
{
  /* The font may have changed; layouts keep the metrics they were made with. (GtkWidget's handler
   * queues the resize when the change affects sizes.) */
  drop_layout (CCAL_OCCURRENCE_WIDGET (widget));

  GTK_WIDGET_CLASS (ccal_occurrence_widget_parent_class)->css_changed (widget, change);
}

static void
ccal_occurrence_widget_system_setting_changed (GtkWidget        *widget,
                                               GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (ccal_occurrence_widget_parent_class)->system_setting_changed (widget, setting);

  drop_layout (CCAL_OCCURRENCE_WIDGET (widget));
  gtk_widget_queue_resize (widget);
}

static void
ccal_occurrence_widget_direction_changed (GtkWidget        *widget,
                                          GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (ccal_occurrence_widget_parent_class)->direction_changed (widget, previous);

  drop_layout (CCAL_OCCURRENCE_WIDGET (widget));
  gtk_widget_queue_draw (widget);
}

static void
on_click_pressed_cb (GtkGestureClick      *gesture,
                     int                   n_press,
                     double                x,
                     double                y,
                     CcalOccurrenceWidget *self)
{
  if (gtk_widget_get_focus_on_click (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_click_released_cb (GtkGestureClick      *gesture,
                      int                   n_press,
                      double                x,
                      double                y,
                      CcalOccurrenceWidget *self)
{
  /* A drag that moved or resized the occurrence has claimed the sequence and cancelled this. */
  if (n_press == 1 && self->occurrence != NULL)
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
ccal_occurrence_widget_finalize (GObject *object)
{
  CcalOccurrenceWidget *self = CCAL_OCCURRENCE_WIDGET (object);

  g_clear_object (&self->occurrence);
  g_clear_object (&self->layout);
  g_clear_pointer (&self->tzid, g_free);
  g_clear_pointer (&self->markup, g_free);

  G_OBJECT_CLASS (ccal_occurrence_widget_parent_class)->finalize (object);
}

static void
ccal_occurrence_widget_class_init (CcalOccurrenceWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const guint activate_keys[] = { GDK_KEY_Return, GDK_KEY_ISO_Enter, GDK_KEY_KP_Enter, GDK_KEY_space, GDK_KEY_KP_Space };

  object_class->finalize = ccal_occurrence_widget_finalize;

  widget_class->measure = ccal_occurrence_widget_measure;
  widget_class->snapshot = ccal_occurrence_widget_snapshot;
  widget_class->css_changed = ccal_occurrence_widget_css_changed;
  widget_class->system_setting_changed = ccal_occurrence_widget_system_setting_changed;
  widget_class->direction_changed = ccal_occurrence_widget_direction_changed;

  signals[ACTIVATE] = g_signal_new ("activate",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);
  for (gsize i = 0; i < G_N_ELEMENTS (activate_keys); i++)
    gtk_widget_class_add_binding_signal (widget_class, activate_keys[i], 0, "activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "occurrence");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
ccal_occurrence_widget_init (CcalOccurrenceWidget *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->line_height = -1;
  self->natural_width = -1;
  self->use_24h = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
ccal_occurrence_widget_new (CcalOccurrenceWidgetShape shape)
{
  CcalOccurrenceWidget *self = g_object_new (CCAL_TYPE_OCCURRENCE_WIDGET, NULL);

  self->shape = shape;
  gtk_widget_add_css_class (GTK_WIDGET (self), shape == CCAL_OCCURRENCE_WIDGET_BLOCK ? "block" : "chip");
  return GTK_WIDGET (self);
}

/* Would @a and @b be drawn and described alike? */
static gboolean
looks_the_same (CcalOccurrence *a,
                CcalOccurrence *b)
{
  return a->kind == b->kind && a->event_type == b->event_type && a->event_status == b->event_status &&
         a->booking_status == b->booking_status && a->start == b->start && a->end == b->end &&
         a->all_day == b->all_day && a->recurring == b->recurring && g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->title, b->title) == 0 && g_strcmp0 (a->timezone, b->timezone) == 0 &&
         describe_what_equal (a, b);
}

void
ccal_occurrence_widget_set_occurrence (CcalOccurrenceWidget *self,
                                       CcalOccurrence       *occurrence,
                                       const char           *tzid,
                                       gboolean              use_24h)
{
  GtkWidget *widget = GTK_WIDGET (self);

  g_return_if_fail (CCAL_IS_OCCURRENCE_WIDGET (self));
  g_return_if_fail (occurrence == NULL || CCAL_IS_OCCURRENCE (occurrence));

  use_24h = !!use_24h;
  if (g_strcmp0 (self->tzid, tzid) == 0 && self->use_24h == use_24h)
    {
      if (self->occurrence == occurrence)
        return;
      /* The sync engine hands over new objects for unchanged rows: keep what is drawn. */
      if (self->occurrence != NULL && occurrence != NULL && looks_the_same (self->occurrence, occurrence))
        {
          g_set_object (&self->occurrence, occurrence);
          return;
        }
    }

  g_set_object (&self->occurrence, occurrence);
  if (g_strcmp0 (self->tzid, tzid) != 0)
    {
      g_free (self->tzid);
      self->tzid = g_strdup (tzid);
    }
  self->use_24h = use_24h;

  swap_css_class (widget, &self->kind_class, occurrence != NULL ? kind_class_for (occurrence) : NULL);
  swap_css_class (widget, &self->status_class, occurrence != NULL ? status_class_for (occurrence) : NULL);
  if (occurrence != NULL && occurrence->all_day)
    gtk_widget_add_css_class (widget, "all-day");
  else
    gtk_widget_remove_css_class (widget, "all-day");

  update_text (self);
}

CcalOccurrence *
ccal_occurrence_widget_get_occurrence (CcalOccurrenceWidget *self)
{
  g_return_val_if_fail (CCAL_IS_OCCURRENCE_WIDGET (self), NULL);

  return self->occurrence;
}

void
ccal_occurrence_widget_set_show_date (CcalOccurrenceWidget *self,
                                      gboolean              show_date)
{
  g_return_if_fail (CCAL_IS_OCCURRENCE_WIDGET (self));

  show_date = !!show_date;
  if (self->show_date == show_date)
    return;
  self->show_date = show_date;
  update_text (self);
}

void
ccal_occurrence_widget_set_continues (CcalOccurrenceWidget *self,
                                      gboolean              before,
                                      gboolean              after)
{
  GtkWidget *widget = GTK_WIDGET (self);

  g_return_if_fail (CCAL_IS_OCCURRENCE_WIDGET (self));

  before = !!before;
  after = !!after;
  if (self->continues_before == before && self->continues_after == after)
    return;

  self->continues_before = before;
  self->continues_after = after;
  if (before)
    gtk_widget_add_css_class (widget, "continues-before");
  else
    gtk_widget_remove_css_class (widget, "continues-before");
  if (after)
    gtk_widget_add_css_class (widget, "continues-after");
  else
    gtk_widget_remove_css_class (widget, "continues-after");

  /* A chip's text leaves out the start time on a continuation. */
  if (self->shape == CCAL_OCCURRENCE_WIDGET_CHIP && self->occurrence != NULL)
    update_text (self);
}
