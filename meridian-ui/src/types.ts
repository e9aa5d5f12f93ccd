export interface Ref {
  id: string;
  type: string;
  name?: string;
  fullyQualifiedName?: string;
  displayName?: string;
}

export interface TagLabel {
  tagFQN: string;
  source?: string;
}

export interface Entity {
  id: string;
  name: string;
  fullyQualifiedName: string;
  displayName?: string;
  description?: string;
  version?: number;
  updatedAt?: number;
  updatedBy?: string;
  deleted?: boolean;
  owners?: Ref[];
  domains?: Ref[];
  tags?: TagLabel[];
  serviceType?: string;
  service?: Ref;
  database?: Ref;
  databaseSchema?: Ref;
  connection?: { config?: Record<string, unknown> };
  columns?: Column[];
  tableType?: string;
  [key: string]: unknown;
}

export interface Column {
  name: string;
  dataType?: string;
  dataTypeDisplay?: string;
  dataLength?: number;
  constraint?: string;
  description?: string;
  tags?: TagLabel[];
  children?: Column[];
}

export interface Page<T> {
  data: T[];
  paging?: { before?: string; after?: string; total?: number };
}

export interface Bucket {
  key: string;
  doc_count: number;
}

export interface SearchAnswer {
  hits: { total: { value: number; relation: string }; hits: { _id: string; _index: string; _source: Entity }[] };
  aggregations?: Record<string, { buckets: Bucket[] }>;
}
