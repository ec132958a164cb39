create table if not exists customers (
    id bigserial primary key,
    name text not null
);
create table if not exists purchase_orders (
    id bigserial primary key,
    customer_id bigint not null references customers (id),
    total numeric(12, 2) not null
);
create index if not exists purchase_orders_customer on purchase_orders (customer_id);
