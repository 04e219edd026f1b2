/* ccal-week-view.c — the Events tab's week: day header, all-day row and the hours grid
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include "ccal-week-view-private.h"

/* Where the grid opens: just before a working day starts. */
#define WORKING_HOURS_START 7.5

struct _CcalWeekView
{
  GtkWidget  parent_instance;

  /* children */
  GtkWidget *header;
  GtkWidget *scrolled;
  GtkWidget *grid;

  /* settings, forwarded to the children by bindings */
  int        first_weekday;
  gboolean   use_24h;
  int        slot_minutes;

  guint      clock_id;
  guint      scroll_tick_id;
  gboolean   scrolled_to_working_hours;
};

G_DEFINE_FINAL_TYPE (CcalWeekView, ccal_week_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIRST_WEEKDAY,
  PROP_USE_24H,
  PROP_SLOT_MINUTES,
  N_PROPS
};

enum {
  CREATE_EVENT,
  ACTIVATE_OCCURRENCE,
  MOVE_OCCURRENCE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_clock (CcalWeekView *self);

static gboolean
on_clock_cb (gpointer user_data)
{
  CcalWeekView *self = user_data;

  self->clock_id = 0;
  ccal_week_grid_update_now (CCAL_WEEK_GRID (self->grid));
  ccal_week_header_update_now (CCAL_WEEK_HEADER (self->header));
  schedule_clock (self);
  return G_SOURCE_REMOVE;
}

/* Wakes just after each minute turns, for the current-time line. */
static void
schedule_clock (CcalWeekView *self)
{
  gint64 now_ms = g_get_real_time () / 1000;
  guint delay = (guint) (60000 - now_ms % 60000) + 20;

  g_clear_handle_id (&self->clock_id, g_source_remove);
  self->clock_id = g_timeout_add (delay, on_clock_cb, self);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  /* Wait for the first allocation of the grid. */
  if (gtk_adjustment_get_upper (adjustment) <= 0)
    return G_SOURCE_CONTINUE;

  gtk_adjustment_set_value (adjustment,
                            WORKING_HOURS_START * ccal_week_grid_get_hour_height (CCAL_WEEK_GRID (self->grid)));
  self->scrolled_to_working_hours = TRUE;
  self->scroll_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
ccal_week_view_map (GtkWidget *widget)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (widget);

  GTK_WIDGET_CLASS (ccal_week_view_parent_class)->map (widget);

  schedule_clock (self);
  if (!self->scrolled_to_working_hours && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (widget, scroll_tick_cb, NULL, NULL);
}

static void
ccal_week_view_unmap (GtkWidget *widget)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (widget);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }

  GTK_WIDGET_CLASS (ccal_week_view_parent_class)->unmap (widget);
}

static void
ccal_week_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (widget);
  int header_min, header_nat, body_min, body_nat;

  gtk_widget_measure (self->header, orientation, -1, &header_min, &header_nat, NULL, NULL);
  gtk_widget_measure (self->scrolled, orientation, -1, &body_min, &body_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (header_min, body_min);
      *natural = MAX (header_nat, body_nat);
    }
  else
    {
      *minimum = header_min + body_min;
      *natural = header_nat + MAX (body_nat, 400);
    }
}

static void
ccal_week_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (widget);
  int header_height, grid_width;

  gtk_widget_measure (self->header, GTK_ORIENTATION_VERTICAL, width, NULL, &header_height, NULL, NULL);
  header_height = MIN (header_height, height);

  gtk_widget_size_allocate (self->scrolled,
                            &(GtkAllocation) { 0, header_height, width, height - header_height },
                            -1);

  /* The header's columns follow the grid's: after its hour labels, before a scrollbar that takes
   * room (overlay scrollbars do not). */
  grid_width = gtk_widget_get_width (self->grid);
  ccal_week_header_set_margins (CCAL_WEEK_HEADER (self->header),
                                ccal_week_grid_get_gutter_width (CCAL_WEEK_GRID (self->grid)),
                                grid_width > 0 ? MAX (0, width - grid_width) : 0);
  gtk_widget_size_allocate (self->header, &(GtkAllocation) { 0, 0, width, header_height }, -1);
}

static void
ccal_week_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (widget);

  gtk_widget_snapshot_child (widget, self->scrolled, snapshot);
  gtk_widget_snapshot_child (widget, self->header, snapshot);
}

static void
on_grid_create_event_cb (CcalWeekGrid *grid,
                         gint64        start,
                         gint64        end,
                         CcalWeekView *self)
{
  g_signal_emit (self, signals[CREATE_EVENT], 0, start, end);
}

static void
on_activate_occurrence_cb (GtkWidget      *child,
                           CcalOccurrence *occurrence,
                           CcalWeekView   *self)
{
  g_signal_emit (self, signals[ACTIVATE_OCCURRENCE], 0, occurrence);
}

static void
on_grid_move_occurrence_cb (CcalWeekGrid   *grid,
                            CcalOccurrence *occurrence,
                            gint64          new_start,
                            gint64          new_end,
                            CcalWeekView   *self)
{
  g_signal_emit (self, signals[MOVE_OCCURRENCE], 0, occurrence, new_start, new_end);
}

static void
ccal_week_view_dispose (GObject *object)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  self->grid = NULL;

  G_OBJECT_CLASS (ccal_week_view_parent_class)->dispose (object);
}

static void
ccal_week_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIRST_WEEKDAY:
      g_value_set_int (value, self->first_weekday);
      break;
    case PROP_USE_24H:
      g_value_set_boolean (value, self->use_24h);
      break;
    case PROP_SLOT_MINUTES:
      g_value_set_int (value, self->slot_minutes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_week_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CcalWeekView *self = CCAL_WEEK_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIRST_WEEKDAY:
      if (self->first_weekday != g_value_get_int (value))
        {
          self->first_weekday = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_USE_24H:
      if (self->use_24h != g_value_get_boolean (value))
        {
          self->use_24h = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SLOT_MINUTES:
      if (self->slot_minutes != g_value_get_int (value))
        {
          self->slot_minutes = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_week_view_class_init (CcalWeekViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_week_view_dispose;
  object_class->get_property = ccal_week_view_get_property;
  object_class->set_property = ccal_week_view_set_property;

  widget_class->measure = ccal_week_view_measure;
  widget_class->size_allocate = ccal_week_view_size_allocate;
  widget_class->snapshot = ccal_week_view_snapshot;
  widget_class->map = ccal_week_view_map;
  widget_class->unmap = ccal_week_view_unmap;

  properties[PROP_FIRST_WEEKDAY] =
    g_param_spec_int ("first-weekday", NULL, NULL, 0, 6, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_24H] =
    g_param_spec_boolean ("use-24h", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLOT_MINUTES] =
    g_param_spec_int ("slot-minutes", NULL, NULL, 5, 480, 30,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CREATE_EVENT] = g_signal_new ("create-event",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[ACTIVATE_OCCURRENCE] = g_signal_new ("activate-occurrence",
                                               G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, CCAL_TYPE_OCCURRENCE);
  signals[MOVE_OCCURRENCE] = g_signal_new ("move-occurrence",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 3, CCAL_TYPE_OCCURRENCE, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "weekview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ccal_week_view_init (CcalWeekView *self)
{
  GtkWidget *viewport;

  self->first_weekday = 1;
  self->use_24h = TRUE;
  self->slot_minutes = 30;

  self->header = ccal_week_header_new ();
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->grid = ccal_week_grid_new ();
  viewport = gtk_viewport_new (NULL, NULL);
  /* Keyboard focus moving to an event off screen scrolls it into view. */
  gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), self->grid);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), viewport);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  for (guint i = 0; i < 2; i++)
    {
      GObject *target = i == 0 ? G_OBJECT (self->grid) : G_OBJECT (self->header);

      g_object_bind_property (self, "first-weekday", target, "first-weekday", G_BINDING_SYNC_CREATE);
      g_object_bind_property (self, "use-24h", target, "use-24h", G_BINDING_SYNC_CREATE);
    }
  g_object_bind_property (self, "slot-minutes", self->grid, "slot-minutes", G_BINDING_SYNC_CREATE);

  g_signal_connect (self->grid, "create-event", G_CALLBACK (on_grid_create_event_cb), self);
  g_signal_connect (self->grid, "activate-occurrence", G_CALLBACK (on_activate_occurrence_cb), self);
  g_signal_connect (self->grid, "move-occurrence", G_CALLBACK (on_grid_move_occurrence_cb), self);
  g_signal_connect (self->header, "activate-occurrence", G_CALLBACK (on_activate_occurrence_cb), self);
}

CcalWeekView *
ccal_week_view_new (void)
{
  return g_object_new (CCAL_TYPE_WEEK_VIEW, NULL);
}

void
ccal_week_view_set_model (CcalWeekView *self,
                          GListModel   *occurrences)
{
  g_return_if_fail (CCAL_IS_WEEK_VIEW (self));

  ccal_week_grid_set_model (CCAL_WEEK_GRID (self->grid), occurrences);
  ccal_week_header_set_model (CCAL_WEEK_HEADER (self->header), occurrences);
}

void
ccal_week_view_set_date (CcalWeekView *self,
                         const GDate  *date)
{
  g_return_if_fail (CCAL_IS_WEEK_VIEW (self));

  ccal_week_grid_set_date (CCAL_WEEK_GRID (self->grid), date);
  ccal_week_header_set_date (CCAL_WEEK_HEADER (self->header), date);
}

void
ccal_week_view_set_timezone (CcalWeekView *self,
                             const char   *tzid)
{
  g_return_if_fail (CCAL_IS_WEEK_VIEW (self));

  ccal_week_grid_set_timezone (CCAL_WEEK_GRID (self->grid), tzid);
  ccal_week_header_set_timezone (CCAL_WEEK_HEADER (self->header), tzid);
}

void
ccal_week_view_get_range (CcalWeekView *self,
                          gint64       *out_from,
                          gint64       *out_to)
{
  g_return_if_fail (CCAL_IS_WEEK_VIEW (self));

  ccal_week_grid_get_range (CCAL_WEEK_GRID (self->grid), out_from, out_to);
}

CcalWeekGrid *
ccal_week_view_get_grid (CcalWeekView *self)
{
  g_return_val_if_fail (CCAL_IS_WEEK_VIEW (self), NULL);

  return CCAL_WEEK_GRID (self->grid);
}

CcalWeekHeader *
ccal_week_view_get_header (CcalWeekView *self)
{
  g_return_val_if_fail (CCAL_IS_WEEK_VIEW (self), NULL);

  return CCAL_WEEK_HEADER (self->header);
}

void
ccal_week_view_set_now (CcalWeekView *self,
                        gint64        now)
{
  g_return_if_fail (CCAL_IS_WEEK_VIEW (self));

  ccal_week_grid_set_now (CCAL_WEEK_GRID (self->grid), now);
  ccal_week_header_set_now (CCAL_WEEK_HEADER (self->header), now);
}
