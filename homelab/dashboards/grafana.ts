/**
 * Typed builders for the small part of the Grafana dashboard JSON model this app uses
 * (schemaVersion 39: `timeseries`, `stat`, `logs` and `text` panels, datasource variables).
 * Only the fields set here are written, in a fixed order, so the JSON is deterministic.
 */

/** The datasource types the dashboard queries, chosen through dashboard variables. */
export type DatasourceType = 'prometheus' | 'loki';

/** A panel's place on the 24-column grid. */
export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Target {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat?: string;
}

export interface Panel {
  readonly id: number;
  readonly type: 'timeseries' | 'stat' | 'logs' | 'text';
  readonly title: string;
  readonly description?: string;
  readonly gridPos: GridPos;
  readonly datasource?: { readonly type: DatasourceType; readonly uid: string };
  readonly targets?: readonly Target[];
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly schemaVersion: number;
  readonly version: number;
  readonly editable: boolean;
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  readonly templating: { readonly list: readonly DatasourceVariable[] };
  readonly panels: readonly Panel[];
}

export interface DatasourceVariable {
  readonly name: string;
  readonly label: string;
  readonly type: 'datasource';
  readonly query: DatasourceType;
}

/** The variable a panel of `type` takes its datasource from: `${prometheus}` or `${loki}`. */
export function datasourceVariable(type: DatasourceType): DatasourceVariable {
  return { name: type, label: type === 'prometheus' ? 'Prometheus' : 'Loki', type: 'datasource', query: type };
}

/** A query panel: each query gets refId A, B, ... in order. */
export interface QueryPanelProps {
  readonly title: string;
  readonly description: string;
  readonly gridPos: GridPos;
  readonly queries: ReadonlyArray<{ readonly expr: string; readonly legendFormat?: string }>;
}

function targets(queries: QueryPanelProps['queries']): Target[] {
  if (queries.length === 0 || queries.length > 26) {
    throw new Error(`A panel needs 1 to 26 queries, got ${queries.length}. Give at least one query.`);
  }
  return queries.map((query, index) => ({
    refId: String.fromCharCode(65 + index),
    expr: query.expr,
    ...(query.legendFormat === undefined ? {} : { legendFormat: query.legendFormat }),
  }));
}

function ref(type: DatasourceType): { type: DatasourceType; uid: string } {
  return { type, uid: `\${${type}}` };
}

/** A Prometheus or Loki time series graph. */
export function timeseries(id: number, type: DatasourceType, props: QueryPanelProps): Panel {
  return { id, type: 'timeseries', title: props.title, description: props.description, gridPos: props.gridPos, datasource: ref(type), targets: targets(props.queries) };
}

/** A single number (the last value) from Prometheus. */
export function stat(id: number, props: QueryPanelProps): Panel {
  return {
    id, type: 'stat', title: props.title, description: props.description, gridPos: props.gridPos, datasource: ref('prometheus'),
    targets: targets(props.queries), options: { reduceOptions: { calcs: ['lastNotNull'] } },
  };
}

/** Raw log lines from Loki, newest first. */
export function logs(id: number, props: QueryPanelProps): Panel {
  return {
    id, type: 'logs', title: props.title, description: props.description, gridPos: props.gridPos, datasource: ref('loki'),
    targets: targets(props.queries), options: { sortOrder: 'Descending', wrapLogMessage: true },
  };
}

/** A markdown note. */
export function text(id: number, title: string, gridPos: GridPos, content: string): Panel {
  return { id, type: 'text', title, gridPos, options: { mode: 'markdown', content } };
}
