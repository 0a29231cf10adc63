/* map_data.S - data/map/world-110m.tsv (Natural Earth outlines), compiled into the library. */
    .section .rodata
    .global ov__world_map_tsv
    .hidden ov__world_map_tsv
ov__world_map_tsv:
    .incbin OV_WORLD_MAP_PATH
    .byte 0
    .section .note.GNU-stack,"",@progbits
