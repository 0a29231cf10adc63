/* model_data.S - the FtM model and our extension schemata, compiled into the
 * library so the binary needs no data files at run time. Paths come from CMake. */
    .section .rodata
    .global ov__model_base
    .hidden ov__model_base
    .global ov__model_base_end
    .hidden ov__model_base_end
    .global ov__model_ext
    .hidden ov__model_ext
    .global ov__model_ext_end
    .hidden ov__model_ext_end
ov__model_base:
    .incbin OV_MODEL_BASE_PATH
ov__model_base_end:
    .byte 0
ov__model_ext:
    .incbin OV_MODEL_EXT_PATH
ov__model_ext_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
