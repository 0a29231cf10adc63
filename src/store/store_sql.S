/* store_sql.S - the store's SQL schema, compiled into the library. */
    .section .rodata
    .global ov__schema_v1_sql
    .hidden ov__schema_v1_sql
ov__schema_v1_sql:
    .incbin OV_SCHEMA_V1_PATH
    .byte 0
    .section .note.GNU-stack,"",@progbits
